using System.Text.Json.Nodes;

namespace Portal.Sandbox.Scim;

/// <summary>SCIM vocabulary and path navigation shared by the sandbox's filter and PATCH code.</summary>
internal static class SandboxScimResource
{
    public const string CoreUser = "urn:ietf:params:scim:schemas:core:2.0:User";
    public const string CoreGroup = "urn:ietf:params:scim:schemas:core:2.0:Group";
    public const string EnterpriseUser = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    public const string Scim11Core = "urn:scim:schemas:core:1.0";
    public const string ListResponse = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
    public const string PatchOp = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    public const string Error = "urn:ietf:params:scim:api:messages:2.0:Error";

    public static readonly HashSet<string> MultiValued = new(StringComparer.OrdinalIgnoreCase)
    {
        "emails", "phoneNumbers", "addresses", "members", "roles", "groups", "entitlements", "ims", "photos", "x509Certificates",
    };

    public static JsonNode? Child(JsonObject obj, string name) =>
        obj.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    public static string? Key(JsonObject obj, string name) =>
        obj.Select(p => p.Key).FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Splits a schema-qualified attribute (<c>urn:…:User:department</c>) into its container and name.</summary>
    public static (JsonObject? Container, string Name) Locate(JsonObject resource, string attribute, bool create = false)
    {
        if (!attribute.StartsWith("urn:", StringComparison.OrdinalIgnoreCase))
        {
            return (resource, attribute);
        }

        var split = attribute.LastIndexOf(':');
        var urn = attribute[..split];
        var name = attribute[(split + 1)..];
        if (urn.Equals(CoreUser, StringComparison.OrdinalIgnoreCase) || urn.Equals(CoreGroup, StringComparison.OrdinalIgnoreCase) || urn.Equals(Scim11Core, StringComparison.OrdinalIgnoreCase))
        {
            return (resource, name);
        }

        if (Child(resource, urn) is JsonObject extension)
        {
            return (extension, name);
        }

        if (!create)
        {
            return (null, name);
        }

        var created = new JsonObject();
        resource[urn] = created;
        if (resource["schemas"] is JsonArray schemas && !schemas.Any(s => s?.ToString() == urn))
        {
            schemas.Add(urn);
        }

        return (created, name);
    }

    public static void Set(JsonObject container, string name, JsonNode? value)
    {
        var key = Key(container, name) ?? name;
        container[key] = value;
    }

    public static void Remove(JsonObject container, string name)
    {
        if (Key(container, name) is { } key)
        {
            container.Remove(key);
        }
    }

    public static JsonObject ErrorBody(int status, string? scimType, string detail)
    {
        var body = new JsonObject { ["schemas"] = new JsonArray(Error), ["status"] = status.ToString(System.Globalization.CultureInfo.InvariantCulture), ["detail"] = detail };
        if (scimType is not null)
        {
            body["scimType"] = scimType;
        }

        return body;
    }
}
