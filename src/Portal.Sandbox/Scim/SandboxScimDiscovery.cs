using System.Text.Json.Nodes;

namespace Portal.Sandbox.Scim;

/// <summary>ServiceProviderConfig, Schemas and ResourceTypes documents of the sandbox target.</summary>
internal static class SandboxScimDiscovery
{
    public static JsonObject ServiceProviderConfig(SandboxScimOptions options) => new()
    {
        ["schemas"] = new JsonArray("urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"),
        ["patch"] = new JsonObject { ["supported"] = true },
        ["bulk"] = new JsonObject { ["supported"] = false, ["maxOperations"] = 0, ["maxPayloadSize"] = 0 },
        ["filter"] = new JsonObject { ["supported"] = true, ["maxResults"] = options.MaxPageSize },
        ["changePassword"] = new JsonObject { ["supported"] = false },
        ["sort"] = new JsonObject { ["supported"] = false },
        ["etag"] = new JsonObject { ["supported"] = true },
        ["authenticationSchemes"] = new JsonArray(
            new JsonObject { ["type"] = "oauthbearertoken", ["name"] = "OAuth Bearer Token", ["description"] = "Bearer token or OAuth 2.0 token from /oauth/token" },
            new JsonObject { ["type"] = "httpbasic", ["name"] = "HTTP Basic", ["description"] = "Admin user name and password" }),
    };

    /// <summary>A custom extension of the sandbox's users, as many applications define one: the mapping editor offers its attributes.</summary>
    public const string SandboxUserExtension = "urn:ietf:params:scim:schemas:extension:sandbox:2.0:User";

    // RFC 7643 § 8.7.1 in the attributes the sandbox stores: types, multi-valued lists with their canonical types, and
    // what a client cannot write (mutability readOnly).
    public static JsonObject Schemas() => List(
        Schema(SandboxScimResource.CoreUser, "User",
            Attribute("userName"),
            Complex("name", false, [], "formatted", "familyName", "givenName", "middleName", "honorificPrefix", "honorificSuffix"),
            Attribute("displayName"), Attribute("nickName"), Attribute("profileUrl", "reference"), Attribute("title"), Attribute("userType"),
            Attribute("preferredLanguage"), Attribute("locale"), Attribute("timezone"), Attribute("active", "boolean"),
            Complex("emails", true, ["work", "home", "other"], "value"),
            Complex("phoneNumbers", true, ["work", "home", "mobile", "fax", "pager", "other"], "value"),
            Complex("addresses", true, ["work", "home", "other"], "formatted", "streetAddress", "locality", "region", "postalCode", "country"),
            Complex("roles", true, [], "value", "display"),
            Attribute("groups", "complex", "readOnly")),
        Schema(SandboxScimResource.EnterpriseUser, "EnterpriseUser",
            Attribute("employeeNumber"), Attribute("costCenter"), Attribute("organization"), Attribute("division"), Attribute("department"),
            Complex("manager", false, [], "value")),
        Schema(SandboxUserExtension, "SandboxUser", Attribute("badgeNumber"), Attribute("building"), Attribute("contractor", "boolean")),
        Schema(SandboxScimResource.CoreGroup, "Group", Attribute("displayName"), Complex("members", true, ["User", "Group"], "value")));

    public static JsonObject ResourceTypes() => List(
        new JsonObject { ["id"] = "User", ["name"] = "User", ["endpoint"] = "/Users", ["schema"] = SandboxScimResource.CoreUser,
            ["schemaExtensions"] = new JsonArray(
                new JsonObject { ["schema"] = SandboxScimResource.EnterpriseUser, ["required"] = false },
                new JsonObject { ["schema"] = SandboxUserExtension, ["required"] = false }) },
        new JsonObject { ["id"] = "Group", ["name"] = "Group", ["endpoint"] = "/Groups", ["schema"] = SandboxScimResource.CoreGroup });

    private static JsonObject Schema(string id, string name, params JsonObject[] attributes) => new()
    {
        ["id"] = id,
        ["name"] = name,
        ["attributes"] = new JsonArray(attributes.Cast<JsonNode>().ToArray()),
    };

    private static JsonObject Attribute(string name, string type = "string", string mutability = "readWrite") => new()
    {
        ["name"] = name, ["type"] = type, ["multiValued"] = false, ["required"] = name == "userName", ["mutability"] = mutability,
    };

    // A complex attribute; a multi-valued one has its type (with the canonical values) and primary besides.
    private static JsonObject Complex(string name, bool multiValued, string[] types, params string[] fields)
    {
        var subAttributes = fields.Select(f => (JsonNode)Attribute(f)).ToList();
        if (multiValued)
        {
            var type = Attribute("type");
            if (types.Length > 0)
            {
                type["canonicalValues"] = new JsonArray([.. types.Select(t => (JsonNode)t)]);
            }

            subAttributes.Add(type);
            subAttributes.Add(Attribute("primary", "boolean"));
        }

        return new JsonObject
        {
            ["name"] = name, ["type"] = "complex", ["multiValued"] = multiValued, ["required"] = false, ["mutability"] = "readWrite",
            ["subAttributes"] = new JsonArray([.. subAttributes]),
        };
    }

    private static JsonObject List(params JsonObject[] resources) => new()
    {
        ["schemas"] = new JsonArray(SandboxScimResource.ListResponse),
        ["totalResults"] = resources.Length,
        ["Resources"] = new JsonArray(resources.Cast<JsonNode>().ToArray()),
    };
}
