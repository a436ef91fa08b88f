using System.Text.Json.Nodes;
using Portal.Data.Entities;

namespace Portal.Provisioning.Targets.Scim;

/// <summary>
/// The attribute paths a target's own schema (RFC 7643 § 7, its <c>/Schemas</c> and <c>/ResourceTypes</c>) lets a
/// mapping write, in the forms the engine writes them: <c>title</c>, <c>name.givenName</c>,
/// <c>emails[type eq "work"].value</c> for each canonical type, <c>urn:…:User:department</c> for an extension's.
/// Read-only attributes (id, meta, groups) are left out. Entra offers a target's schema only for some gallery apps.
/// </summary>
public static class ScimSchemaPaths
{
    private static readonly string[] NeverWritten = ["id", "meta", "schemas", "groups"];

    // Lists the engine writes as a whole: a group's members (by target id), and roles from the role functions.
    private static readonly string[] WrittenWhole = [ScimAttributeNames.Members, "roles", "entitlements"];

    /// <remarks>
    /// schemas: the <c>/Schemas</c> answer. resourceTypes: the <c>/ResourceTypes</c> answer, which says which schemas a kind
    /// uses; null to tell by the schemas' ids. coreSchema: the kind's core schema in the target's SCIM version.
    /// </remarks>
    public static IReadOnlyList<string> Of(JsonNode schemas, JsonNode? resourceTypes, ObjectKind kind, string coreSchema)
    {
        var byId = Resources(schemas).Where(s => s["id"] is not null).ToDictionary(s => s["id"]!.ToString(), StringComparer.OrdinalIgnoreCase);
        var (core, extensions) = SchemasOf(resourceTypes, kind, coreSchema, byId.Keys);
        var paths = new List<string>();
        if (byId.TryGetValue(core, out var coreDocument))
        {
            paths.AddRange(Attributes(coreDocument).SelectMany(a => PathsOf(a, prefix: "")));
        }

        foreach (var extension in extensions.Where(byId.ContainsKey))
        {
            paths.AddRange(Attributes(byId[extension]).SelectMany(a => PathsOf(a, prefix: extension + ":")));
        }

        return [.. paths.Distinct(StringComparer.OrdinalIgnoreCase)];
    }

    // The resource type's schema and extensions; without /ResourceTypes, the core schema and extensions named for the kind.
    private static (string Core, IReadOnlyList<string> Extensions) SchemasOf(JsonNode? resourceTypes, ObjectKind kind, string coreSchema, IEnumerable<string> known)
    {
        var name = kind == ObjectKind.User ? "User" : "Group";
        if (resourceTypes is not null
            && Resources(resourceTypes).FirstOrDefault(r => string.Equals(r["name"]?.ToString() ?? r["id"]?.ToString(), name, StringComparison.OrdinalIgnoreCase)) is { } type
            && type["schema"]?.ToString() is { } schema)
        {
            return (schema, [.. (type["schemaExtensions"] as JsonArray ?? []).Select(e => e?["schema"]?.ToString()).OfType<string>()]);
        }

        return (coreSchema, [.. known.Where(id => !id.Equals(coreSchema, StringComparison.OrdinalIgnoreCase)
            && id.StartsWith("urn:", StringComparison.OrdinalIgnoreCase) && id.EndsWith(":" + name, StringComparison.OrdinalIgnoreCase))]);
    }

    private static IEnumerable<string> PathsOf(JsonObject attribute, string prefix)
    {
        var name = attribute["name"]?.ToString();
        if (string.IsNullOrEmpty(name) || IsReadOnly(attribute) || (prefix.Length == 0 && NeverWritten.Contains(name, StringComparer.OrdinalIgnoreCase)))
        {
            yield break;
        }

        var subAttributes = Attributes(attribute).Where(s => !IsReadOnly(s) && s["name"]?.ToString() is not (null or "$ref")).ToList();
        var complex = string.Equals(attribute["type"]?.ToString(), "complex", StringComparison.OrdinalIgnoreCase) && subAttributes.Count > 0;
        var multiValued = attribute["multiValued"]?.GetValueKind() == System.Text.Json.JsonValueKind.True;
        var types = subAttributes.FirstOrDefault(s => s["name"]?.ToString() == "type")?["canonicalValues"] as JsonArray;

        // A reference (manager: only its value is written) and a list without canonical types are written whole.
        if (!complex || subAttributes.All(s => s["name"]?.ToString() == "value") || (multiValued && types is not { Count: > 0 })
            || (prefix.Length == 0 && WrittenWhole.Contains(name, StringComparer.OrdinalIgnoreCase)))
        {
            yield return prefix + name;
            yield break;
        }

        var written = subAttributes.Select(s => s["name"]!.ToString()).Where(s => s is not ("type" or "primary")).ToList();
        var forms = multiValued ? types!.Select(t => $"{name}[type eq \"{t}\"]") : [name];
        foreach (var form in forms)
        {
            foreach (var sub in written)
            {
                yield return $"{prefix}{form}.{sub}";
            }
        }
    }

    private static bool IsReadOnly(JsonObject attribute) =>
        string.Equals(attribute["mutability"]?.ToString(), "readOnly", StringComparison.OrdinalIgnoreCase);

    private static IEnumerable<JsonObject> Attributes(JsonObject owner) =>
        (owner["attributes"] ?? owner["subAttributes"]) is JsonArray list ? list.OfType<JsonObject>() : [];

    private static IEnumerable<JsonObject> Resources(JsonNode list) =>
        list switch
        {
            JsonObject { } response when response["Resources"] is JsonArray resources => resources.OfType<JsonObject>(),
            JsonArray array => array.OfType<JsonObject>(),
            _ => [],
        };
}
