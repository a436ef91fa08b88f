using System.Text.Json.Nodes;
using Portal.Data.Entities;
using Portal.Provisioning.Targets.Scim;

namespace Portal.Provisioning.Tests.Targets;

public sealed class ScimSchemaPathsTests
{
    private const string CoreUser = "urn:ietf:params:scim:schemas:core:2.0:User";
    private const string Custom = "urn:example:params:scim:schemas:extension:acme:2.0:User";

    // A target that answers /Schemas but not /ResourceTypes; its own extension is named for users by its id.
    private static readonly JsonNode Schemas = JsonNode.Parse($$"""
        {"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":3,"Resources":[
          {"id":"{{CoreUser}}","name":"User","attributes":[
            {"name":"id","type":"string","mutability":"readOnly"},
            {"name":"userName","type":"string","mutability":"readWrite"},
            {"name":"name","type":"complex","subAttributes":[{"name":"givenName","type":"string"},{"name":"formatted","type":"string","mutability":"readOnly"}]},
            {"name":"phoneNumbers","type":"complex","multiValued":true,"subAttributes":[
              {"name":"value","type":"string"},{"name":"type","type":"string","canonicalValues":["work","mobile"]},{"name":"primary","type":"boolean"}]},
            {"name":"x509Certificates","type":"complex","multiValued":true,"subAttributes":[{"name":"value","type":"binary"},{"name":"display","type":"string"}]}]},
          {"id":"{{Custom}}","name":"AcmeUser","attributes":[
            {"name":"badge","type":"complex","subAttributes":[{"name":"number","type":"string"},{"name":"issued","type":"dateTime"}]},
            {"name":"clearance","type":"string"}]},
          {"id":"urn:ietf:params:scim:schemas:core:2.0:Group","name":"Group","attributes":[{"name":"displayName","type":"string"}]}]}
        """)!;

    [Fact]
    public void Of_NamesEveryWritablePath_InTheFormsTheEngineWrites()
    {
        var users = ScimSchemaPaths.Of(Schemas, null, ObjectKind.User, CoreUser);

        Assert.Equal(
            ["userName", "name.givenName", "phoneNumbers[type eq \"work\"].value", "phoneNumbers[type eq \"mobile\"].value", "x509Certificates",
                $"{Custom}:badge.number", $"{Custom}:badge.issued", $"{Custom}:clearance"],
            users);
        Assert.Equal(["displayName"], ScimSchemaPaths.Of(Schemas, null, ObjectKind.Group, "urn:ietf:params:scim:schemas:core:2.0:Group"));
    }

    [Fact]
    public void Of_TakesTheResourceTypesWord_OverTheSchemasIds()
    {
        var resourceTypes = JsonNode.Parse($$"""{"Resources":[{"name":"User","schema":"{{CoreUser}}","schemaExtensions":[]}]}""")!;

        Assert.DoesNotContain($"{Custom}:clearance", ScimSchemaPaths.Of(Schemas, resourceTypes, ObjectKind.User, CoreUser));
    }
}
