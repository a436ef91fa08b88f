using System.Text.Json.Nodes;

namespace Portal.Sandbox.Scim;

/// <summary>
/// SCIM 1.1 PATCH: the body is a partial resource. Names in <c>meta.attributes</c> are cleared first; then simple
/// attributes are replaced, complex ones (and extensions) merged, and multi-valued ones merged value by value: an
/// element with <c>"operation": "delete"</c> removes its match, one with the <c>type</c> of an existing element
/// replaces it, any other is added unless the value is already there.
/// </summary>
internal static class SandboxScim11Patch
{
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase) { "schemas", "meta", "id" };

    public static void Apply(JsonObject resource, JsonNode? body)
    {
        if (body is not JsonObject partial)
        {
            throw new SandboxScimException(400, "invalidSyntax", "A SCIM 1.1 PATCH body must be a partial resource object.");
        }

        if (SandboxScimResource.Child(partial, "Operations") is not null)
        {
            throw new SandboxScimException(400, "invalidSyntax",
                "This is a SCIM 1.1 service: PATCH takes a partial resource with meta.attributes for removals, not a PatchOp Operations list.");
        }

        if ((partial["schemas"] as JsonArray)?.Any(s => s?.ToString() == SandboxScimResource.Scim11Core) != true)
        {
            throw new SandboxScimException(400, "invalidSyntax", $"schemas must contain {SandboxScimResource.Scim11Core}.");
        }

        foreach (var name in (SandboxScimResource.Child(partial, "meta") as JsonObject)?["attributes"] as JsonArray ?? [])
        {
            Clear(resource, name?.ToString() ?? "");
        }

        foreach (var (key, value) in partial.Where(p => !Reserved.Contains(p.Key)).ToList())
        {
            Merge(resource, key, value);
        }
    }

    private static void Clear(JsonObject resource, string attribute)
    {
        var (container, name) = SandboxScimResource.Locate(resource, attribute);
        var parts = name.Split('.', 2);
        if (container is null)
        {
            return;
        }

        if (parts.Length == 2)
        {
            if (SandboxScimResource.Child(container, parts[0]) is JsonObject complex)
            {
                SandboxScimResource.Remove(complex, parts[1]);
            }

            return;
        }

        SandboxScimResource.Remove(container, name);
    }

    private static void Merge(JsonObject container, string key, JsonNode? value)
    {
        if (key.StartsWith("urn:", StringComparison.OrdinalIgnoreCase) && value is JsonObject extension)
        {
            var existing = SandboxScimResource.Child(container, key) as JsonObject;
            if (existing is null)
            {
                existing = new JsonObject();
                container[key] = existing;
                if (container["schemas"] is JsonArray schemas && !schemas.Any(s => s?.ToString() == key))
                {
                    schemas.Add(key);
                }
            }

            foreach (var (name, v) in extension.ToList())
            {
                Merge(existing, name, v);
            }

            return;
        }

        if (value is JsonArray values && SandboxScimResource.MultiValued.Contains(key))
        {
            var current = SandboxScimResource.Child(container, key) as JsonArray ?? new JsonArray();
            SandboxScimResource.Set(container, key, current);
            foreach (var element in values.OfType<JsonObject>())
            {
                MergeElement(current, (JsonObject)element.DeepClone());
            }

            return;
        }

        if (value is JsonObject complex && SandboxScimResource.Child(container, key) is JsonObject target)
        {
            foreach (var (name, v) in complex.ToList())
            {
                SandboxScimResource.Set(target, name, v?.DeepClone());
            }

            return;
        }

        if (key.Equals("active", StringComparison.OrdinalIgnoreCase) && value is JsonValue active && !active.TryGetValue<bool>(out _))
        {
            throw new SandboxScimException(400, "invalidValue", $"active must be a JSON boolean, not {active.ToJsonString()}.");
        }

        SandboxScimResource.Set(container, key, value?.DeepClone());
    }

    private static void MergeElement(JsonArray current, JsonObject element)
    {
        var delete = element["operation"]?.ToString() == "delete";
        element.Remove("operation");
        var value = element["value"]?.ToString();
        var type = element["type"]?.ToString();
        var match = current.OfType<JsonObject>().FirstOrDefault(e => value is not null
            ? e["value"]?.ToString() == value && (type is null || e["type"]?.ToString() == type)
            : type is not null && e["type"]?.ToString() == type);
        if (delete)
        {
            if (match is not null)
            {
                current.Remove(match);
            }

            return;
        }

        var sameType = match ?? (type is null ? null : current.OfType<JsonObject>().FirstOrDefault(e => e["type"]?.ToString() == type));
        if (sameType is null)
        {
            current.Add(element);
            return;
        }

        foreach (var (name, v) in element.ToList())
        {
            SandboxScimResource.Set(sameType, name, v?.DeepClone());
        }
    }
}
