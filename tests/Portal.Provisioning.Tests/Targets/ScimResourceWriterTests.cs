using System.Text.Json;
using System.Text.Json.Nodes;
using Portal.Data.Entities;
using Portal.Provisioning.Targets.Scim;

namespace Portal.Provisioning.Tests.Targets;

public sealed class ScimResourceWriterTests
{
    [Fact]
    public void BuildRemoveMembers_UsesValueFilterPathWithoutValue_WhenDialectIsRfc()
    {
        var patch = new ScimResourceWriter(DialectPresets.RfcStrict).BuildRemoveMembers(["a\"1", "b"]);

        Assert.Equal(["members[value eq \"a\\\"1\"]", "members[value eq \"b\"]"], patch.Operations.Select(o => o.Path));
        Assert.All(patch.Operations, o => Assert.Equal("remove", o.Op));
        Assert.All(patch.Operations, o => Assert.Null(o.Value));
    }

    [Fact]
    public void BuildRemoveMembers_SendsValueArray_WhenDialectIsEntra()
    {
        var operation = Assert.Single(new ScimResourceWriter(DialectPresets.EntraCompatible).BuildRemoveMembers(["a", "b"]).Operations);

        Assert.Equal("Remove", operation.Op);
        Assert.Equal("members", operation.Path);
        Assert.Equal("""[{"value":"a"},{"value":"b"}]""", operation.Value!.ToJsonString());
    }

    [Theory]
    [InlineData(DialectPresets.Rfc, "replace", "false")]
    [InlineData(DialectPresets.Entra, "Replace", "\"False\"")]
    public void BuildDisable_FollowsDialect(string preset, string op, string value)
    {
        var operation = Assert.Single(new ScimResourceWriter(DialectPresets.Get(preset)).BuildDisable().Operations);
        Assert.Equal((op, "active", value), (operation.Op, operation.Path, operation.Value!.ToJsonString()));
    }

    [Theory]
    [InlineData(DialectPresets.Rfc, "add")]
    [InlineData(DialectPresets.Entra, "Add")]
    public void BuildPatch_AddsTheValuesOfAnAddedAttribute_AndReplacesTheOthers(string preset, string op)
    {
        var patch = new ScimResourceWriter(DialectPresets.Get(preset)).BuildPatch(new Dictionary<string, JsonNode?>
        {
            ["roles"] = JsonNode.Parse("""[{"value":"Admin","primary":false}]"""),
            ["displayName"] = "Ann",
        }, new HashSet<string> { "roles" });

        Assert.Equal(
            [$"{op} roles [{{\"value\":\"Admin\",\"primary\":false}}]", $"{(op == "add" ? "replace" : "Replace")} displayName \"Ann\""],
            patch.Operations.Select(o => $"{o.Op} {o.Path} {o.Value?.ToJsonString()}"));
    }

    [Fact]
    public void BuildPatch_RemovesNullsAndKeepsPaths()
    {
        var patch = new ScimResourceWriter(DialectPresets.RfcStrict).BuildPatch(new Dictionary<string, JsonNode?>
        {
            ["emails[type eq \"work\"].value"] = "a@b.c",
            ["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department"] = null,
            ["active"] = "True",
        });

        Assert.Equal(
            ["replace emails[type eq \"work\"].value \"a@b.c\"", "remove urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department ", "replace active true"],
            patch.Operations.Select(o => $"{o.Op} {o.Path} {o.Value?.ToJsonString()}"));
    }

    [Fact]
    public void BuildPatch_WithTheAccountAsItIs_AddsAnElementItLacks_AsOneNewElement_AndReplacesOneItHas()
    {
        var current = JsonNode.Parse("""
            {"emails":[{"type":"home","value":"ann@home.example","primary":true}],"phoneNumbers":[{"type":"work","value":"1"}]}
            """)!.AsObject();

        var patch = new ScimResourceWriter(DialectPresets.RfcStrict).BuildPatch(new Dictionary<string, JsonNode?>
        {
            ["emails[type eq \"work\"].value"] = "ann@contoso.example",
            ["emails[type eq \"work\"].display"] = "Ann at work",
            ["phoneNumbers[type eq \"work\"].value"] = "2",
        }, current: current);

        // The account has a primary email already: the new one is not made primary too.
        Assert.Equal(
            ["replace phoneNumbers[type eq \"work\"].value \"2\"", "add emails [{\"type\":\"work\",\"value\":\"ann@contoso.example\",\"display\":\"Ann at work\"}]"],
            patch.Operations.Select(o => $"{o.Op} {o.Path} {o.Value?.ToJsonString()}"));
    }

    [Fact]
    public void BuildResource_NestsComplexFilteredAndExtensionAttributes()
    {
        var resource = new ScimResourceWriter(DialectPresets.RfcStrict).BuildResource(ObjectKind.User, new Dictionary<string, JsonNode?>
        {
            ["userName"] = "ada@contoso.com",
            ["active"] = "False",
            ["name.givenName"] = "Ada",
            ["emails[type eq \"work\"].value"] = "ada@contoso.com",
            ["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager"] = "m1",
            ["nickName"] = null,
        });

        Assert.Equal(
            """{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],"userName":"ada@contoso.com","active":false,"name":{"givenName":"Ada"},"emails":[{"type":"work","primary":true,"value":"ada@contoso.com"}],"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"manager":{"value":"m1"}}}""",
            resource.ToJsonString());
    }

    [Fact]
    public void DialectProfile_RoundTripsThroughJson_AndOverridesOnlyGivenFields()
    {
        var custom = DialectPresets.Resolve(DialectPresets.GoTo, """{"maxPageSize": 10, "memberRemoval": "ValueArray"}""");

        Assert.Equal(10, custom.MaxPageSize);
        Assert.Equal(MemberRemovalStyle.ValueArray, custom.MemberRemoval);
        Assert.Equal("/ServiceProviderConfigs", custom.ServiceProviderConfigPath);
        Assert.Equal(custom, DialectProfile.FromJson(custom.ToJson()));
    }

    [Fact]
    public void DialectProfile_FromJson_ThrowsTargetException_WhenJsonIsInvalid()
    {
        var error = Assert.Throws<Portal.Provisioning.Targets.TargetException>(() => DialectProfile.FromJson("{ nope"));
        Assert.Equal("InvalidDialectProfile", error.ErrorCode);
        Assert.IsNotType<JsonException>(error);
    }
}
