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

    public static JsonObject Schemas() => List(
        Schema(SandboxScimResource.CoreUser, "User", "userName", "displayName", "active", "name", "emails", "externalId", "phoneNumbers", "title"),
        Schema(SandboxScimResource.EnterpriseUser, "EnterpriseUser", "employeeNumber", "department", "costCenter", "division", "organization", "manager"),
        Schema(SandboxScimResource.CoreGroup, "Group", "displayName", "members", "externalId"));

    public static JsonObject ResourceTypes() => List(
        new JsonObject { ["id"] = "User", ["name"] = "User", ["endpoint"] = "/Users", ["schema"] = SandboxScimResource.CoreUser,
            ["schemaExtensions"] = new JsonArray(new JsonObject { ["schema"] = SandboxScimResource.EnterpriseUser, ["required"] = false }) },
        new JsonObject { ["id"] = "Group", ["name"] = "Group", ["endpoint"] = "/Groups", ["schema"] = SandboxScimResource.CoreGroup });

    private static JsonObject Schema(string id, string name, params string[] attributes) => new()
    {
        ["id"] = id,
        ["name"] = name,
        ["attributes"] = new JsonArray(attributes.Select(a => (JsonNode)new JsonObject { ["name"] = a, ["type"] = "string" }).ToArray()),
    };

    private static JsonObject List(params JsonObject[] resources) => new()
    {
        ["schemas"] = new JsonArray(SandboxScimResource.ListResponse),
        ["totalResults"] = resources.Length,
        ["Resources"] = new JsonArray(resources.Cast<JsonNode>().ToArray()),
    };
}
