using System.Text.Json.Nodes;
using Portal.Data.Entities;
using Portal.Provisioning.Cycles;

namespace Portal.Provisioning.Tests.Cycles;

public sealed class LinkValuesTests
{
    [Fact]
    public void Write_StoresTheExportedValues_AndStateListsSorted()
    {
        var link = NewLink();

        LinkValues.Write(link, Values(("userName", "inés.müller@contoso.example"), ("active", true), ("emails[type eq \"work\"].value", null)),
            (LinkValues.Roles, ["User", "Admin"]), (LinkValues.SourceMembers, null));

        Assert.Equal("""{"userName":"in\u00E9s.m\u00FCller@contoso.example","active":true,"emails[type eq \u0022work\u0022].value":null,"@roles":["Admin","User"]}""",
            link.ExportedValuesJson);
        Assert.Matches("^[0-9A-F]{32}$", link.ExportedHash);
    }

    [Fact]
    public void Write_ReplacesTheExportedValues_ButKeepsStateKeysInTheirPlace()
    {
        var link = NewLink();
        LinkValues.Write(link, Values(("userName", "a"), ("title", "old")), (LinkValues.Roles, ["User"]));
        var first = link.ExportedHash;

        LinkValues.Write(link, Values(("userName", "b")), (LinkValues.Roles, ["Admin"]));

        Assert.Equal("""{"@roles":["Admin"],"userName":"b"}""", link.ExportedValuesJson);
        Assert.NotEqual(first, link.ExportedHash);
    }

    [Fact]
    public void Write_WithoutExportedValues_KeepsThemAndSetsOnlyTheState()
    {
        var link = NewLink();
        LinkValues.Write(link, Values(("displayName", "Sales"), ("externalId", "g1")), (LinkValues.SourceMembers, ["u2", "u1"]));
        var hash = link.ExportedHash;

        LinkValues.Write(link, null, (LinkValues.SourceMembers, ["u1", "u2"]), (LinkValues.Members, ["t1"]));

        Assert.Equal("""{"displayName":"Sales","externalId":"g1","@sourceMembers":["u1","u2"],"@members":["t1"]}""", link.ExportedValuesJson);
        Assert.Equal(["u1", "u2"], LinkValues.List(link, LinkValues.SourceMembers));
        Assert.NotEqual(hash, link.ExportedHash);
    }

    [Fact]
    public void Write_GivesTheSameHash_ForTheSameValues()
    {
        var (one, two) = (NewLink(), NewLink());

        LinkValues.Write(one, Values(("userName", "a")), (LinkValues.Roles, ["X", "Y"]));
        LinkValues.Write(two, Values(("userName", "a")), (LinkValues.Roles, ["Y", "X"]));

        Assert.Equal(one.ExportedValuesJson, two.ExportedValuesJson);
        Assert.Equal(one.ExportedHash, two.ExportedHash);
    }

    [Fact]
    public void Write_AfterALargeMemberList_WritesTheNextLinkWholeAndAlone()
    {
        var (group, user) = (NewLink(), NewLink());
        var members = Enumerable.Range(0, 5_000).Select(i => $"member-{i:D5}").ToList();

        LinkValues.Write(group, Values(("displayName", "All Staff")), (LinkValues.SourceMembers, members));
        LinkValues.Write(user, Values(("userName", "a")));

        Assert.Equal(members, LinkValues.List(group, LinkValues.SourceMembers));
        Assert.Equal("""{"userName":"a"}""", user.ExportedValuesJson);
    }

    private static LinkedObject NewLink() => new() { JobId = Guid.NewGuid(), TenantId = Guid.NewGuid(), Kind = ObjectKind.User, SourceId = "s1" };

    private static Dictionary<string, JsonNode?> Values(params (string Name, object? Value)[] values) =>
        values.ToDictionary(v => v.Name, v => v.Value switch
        {
            string text => (JsonNode?)JsonValue.Create(text),
            bool flag => JsonValue.Create(flag),
            _ => null,
        });
}
