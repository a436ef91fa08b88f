using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Portal.Sandbox.Scim;

/// <summary>
/// RFC 7644 § 3.5.2 PATCH. Strict mode takes only lower-case ops, JSON booleans and <c>members[value eq "id"]</c>
/// removal; entra and goto modes also take Entra's capitalised ops, "True"/"False" strings and value-array removal.
/// </summary>
internal static partial class SandboxScimPatch
{
    private static readonly HashSet<string> FilterOperators = ["eq", "co", "sw", "pr", "and", "or"];

    [GeneratedRegex("""^(?<attr>[^\[\]]+)(\[(?<filter>.+)\](\.(?<sub>[A-Za-z$][\w$]*))?)?$""")]
    private static partial Regex PathPattern();

    public static void Apply(JsonObject resource, JsonNode? body, SandboxScimMode mode)
    {
        if (body is not JsonObject message || message["schemas"] is not JsonArray schemas || !schemas.Any(s => s?.ToString() == SandboxScimResource.PatchOp))
        {
            throw new SandboxScimException(400, "invalidSyntax", $"A PATCH body must be a PatchOp message with schemas [\"{SandboxScimResource.PatchOp}\"].");
        }

        if (SandboxScimResource.Child(message, "Operations") is not JsonArray operations || operations.Count == 0)
        {
            throw new SandboxScimException(400, "invalidSyntax", "A PATCH body needs a non-empty Operations array.");
        }

        foreach (var operation in operations)
        {
            if (operation is not JsonObject op || op["op"]?.ToString() is not { } name)
            {
                throw new SandboxScimException(400, "invalidSyntax", "Every operation needs an 'op'.");
            }

            var lower = name.ToLowerInvariant();
            if (lower is not ("add" or "replace" or "remove") || (mode == SandboxScimMode.Strict && name != lower))
            {
                throw new SandboxScimException(400, "invalidSyntax", $"Unsupported op '{name}': RFC 7644 § 3.5.2 ops are add, replace and remove.");
            }

            var path = op["path"]?.ToString();
            var value = Coerce(op["value"]?.DeepClone(), mode);
            if (path is null)
            {
                if (lower == "remove" || value is not JsonObject values)
                {
                    throw new SandboxScimException(400, "noTarget", $"'{name}' without a path needs an object value.");
                }

                foreach (var (key, v) in values)
                {
                    Set(resource, key, v?.DeepClone(), lower == "add");
                }

                continue;
            }

            if (lower == "remove")
            {
                Remove(resource, path, value, mode);
            }
            else
            {
                if (value is null)
                {
                    throw new SandboxScimException(400, "invalidValue", $"'{name}' of '{path}' needs a value.");
                }

                Set(resource, path, value, lower == "add");
            }
        }
    }

    private static JsonNode? Coerce(JsonNode? value, SandboxScimMode mode)
    {
        if (mode != SandboxScimMode.Strict && value is JsonValue v && v.TryGetValue<string>(out var s) && bool.TryParse(s, out var b))
        {
            return JsonValue.Create(b);
        }

        if (mode != SandboxScimMode.Strict && value is JsonObject o)
        {
            foreach (var key in o.Select(p => p.Key).ToList())
            {
                o[key] = Coerce(o[key]?.DeepClone(), mode);
            }
        }

        return value;
    }

    private static void Set(JsonObject resource, string path, JsonNode? value, bool add)
    {
        var (attr, filter, sub) = ParsePath(path);
        var (container, name) = SandboxScimResource.Locate(resource, attr, create: true);
        var parts = name.Split('.', 2);
        if (parts.Length == 2)
        {
            var complex = SandboxScimResource.Child(container!, parts[0]) as JsonObject ?? new JsonObject();
            SandboxScimResource.Set(container!, parts[0], complex);
            SandboxScimResource.Set(complex, parts[1], value);
            return;
        }

        if (filter is not null)
        {
            var matches = Matching(container!, name, filter).ToList();
            if (matches.Count == 0)
            {
                throw new SandboxScimException(400, "noTarget", $"No value of '{name}' matches '{path}'.");
            }

            foreach (var match in matches)
            {
                if (sub is null)
                {
                    var array = (JsonArray)SandboxScimResource.Child(container!, name)!;
                    array[array.IndexOf(match)] = value?.DeepClone();
                }
                else
                {
                    SandboxScimResource.Set(match, sub, value?.DeepClone());
                }
            }

            return;
        }

        if (add && SandboxScimResource.MultiValued.Contains(name) && value is JsonArray additions)
        {
            var existing = SandboxScimResource.Child(container!, name) as JsonArray ?? new JsonArray();
            SandboxScimResource.Set(container!, name, existing);
            foreach (var item in additions)
            {
                var itemValue = (item as JsonObject)?["value"]?.ToString();
                if (itemValue is null || !existing.OfType<JsonObject>().Any(e => e["value"]?.ToString() == itemValue))
                {
                    existing.Add(item?.DeepClone());
                }
            }

            return;
        }

        SandboxScimResource.Set(container!, name, value);
    }

    private static void Remove(JsonObject resource, string path, JsonNode? value, SandboxScimMode mode)
    {
        var (attr, filter, sub) = ParsePath(path);
        var (container, name) = SandboxScimResource.Locate(resource, attr);
        if (container is null)
        {
            return;
        }

        if (value is not null)
        {
            // Entra's removal: path "members" with the values to remove. RFC 7644 gives remove no value, and a strict
            // server reading only the path would remove every member, so strict mode refuses it.
            if (mode == SandboxScimMode.Strict || filter is not null || SandboxScimResource.Child(container, name) is not JsonArray array)
            {
                throw new SandboxScimException(400, "invalidSyntax",
                    $"'remove' takes no value in RFC 7644 § 3.5.2.2; to remove a member use path members[value eq \"id\"].");
            }

            var remove = (value as JsonArray ?? [value.DeepClone()]).Select(v => (v as JsonObject)?["value"]?.ToString() ?? v?.ToString()).ToHashSet();
            foreach (var item in array.OfType<JsonObject>().Where(i => remove.Contains(i["value"]?.ToString())).ToList())
            {
                array.Remove(item);
            }

            return;
        }

        if (filter is null)
        {
            var parts = name.Split('.', 2);
            if (parts.Length == 2 && SandboxScimResource.Child(container, parts[0]) is JsonObject complex)
            {
                SandboxScimResource.Remove(complex, parts[1]);
            }
            else
            {
                SandboxScimResource.Remove(container, name);
            }

            return;
        }

        var values = SandboxScimResource.Child(container, name) as JsonArray;
        foreach (var match in Matching(container, name, filter).ToList())
        {
            if (sub is null)
            {
                values!.Remove(match);
            }
            else
            {
                SandboxScimResource.Remove(match, sub);
            }
        }
    }

    private static IEnumerable<JsonObject> Matching(JsonObject container, string name, string filter)
    {
        var predicate = SandboxScimFilter.Parse(filter, FilterOperators);
        return (SandboxScimResource.Child(container, name) as JsonArray ?? []).OfType<JsonObject>().Where(predicate);
    }

    private static (string Attribute, string? Filter, string? Sub) ParsePath(string path)
    {
        var match = PathPattern().Match(path.Trim());
        return match.Success
            ? (match.Groups["attr"].Value, match.Groups["filter"].Success ? match.Groups["filter"].Value : null, match.Groups["sub"].Success ? match.Groups["sub"].Value : null)
            : throw new SandboxScimException(400, "invalidPath", $"'{path}' is not a valid attribute path.");
    }
}
