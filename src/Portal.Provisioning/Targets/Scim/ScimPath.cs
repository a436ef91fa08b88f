using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Portal.Provisioning.Targets.Scim;

/// <summary>
/// A target attribute path as Entra's mappings name it: <c>userName</c>, <c>name.givenName</c>,
/// <c>emails[type eq "work"].value</c>, <c>urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department</c>.
/// </summary>
internal sealed partial record ScimPath(string? SchemaUrn, string Attribute, string? FilterAttribute, string? FilterValue, string? SubAttribute)
{
    [GeneratedRegex("""^(?<attr>[A-Za-z$][\w$-]*)(\[(?<fattr>[A-Za-z][\w]*)\s+eq\s+"(?<fval>(?:[^"\\]|\\.)*)"\])?(\.(?<sub>[A-Za-z$][\w$-]*))?$""")]
    private static partial Regex PathPattern();

    // Every object of a cycle writes the same few mapped paths; parsing each with the regex per object was a measurable
    // share of an export. The paths come from mappings, so there are few; the cap only guards against unbounded input.
    private const int MaxRemembered = 4096;
    private static readonly ConcurrentDictionary<string, ScimPath> Parsed = new(StringComparer.Ordinal);

    public static ScimPath Parse(string path)
    {
        if (Parsed.TryGetValue(path, out var known))
        {
            return known;
        }

        var parsed = ParseText(path);
        if (Parsed.Count < MaxRemembered)
        {
            Parsed.TryAdd(path, parsed);
        }

        return parsed;
    }

    private static ScimPath ParseText(string path)
    {
        string? urn = null;
        var rest = path.Trim();
        if (rest.StartsWith("urn:", StringComparison.OrdinalIgnoreCase))
        {
            var bracket = rest.IndexOf('[', StringComparison.Ordinal);
            var last = bracket < 0 ? rest.LastIndexOf(':') : rest.LastIndexOf(':', bracket);
            urn = rest[..last];
            rest = rest[(last + 1)..];
        }

        var match = PathPattern().Match(rest);
        if (!match.Success)
        {
            throw new TargetException(
                "SchemaAttributeNotFound",
                $"The target attribute path '{path}' is not a SCIM attribute path.",
                "Fix the target attribute of this mapping, e.g. name.givenName or emails[type eq \"work\"].value.");
        }

        return new ScimPath(
            urn,
            match.Groups["attr"].Value,
            match.Groups["fattr"].Success ? match.Groups["fattr"].Value : null,
            match.Groups["fval"].Success ? Regex.Unescape(match.Groups["fval"].Value) : null,
            match.Groups["sub"].Success ? match.Groups["sub"].Value : null);
    }

    public bool IsActive => SchemaUrn is null && SubAttribute is null && FilterAttribute is null
        && Attribute.Equals(ScimAttributeNames.Active, StringComparison.OrdinalIgnoreCase);

    public bool IsManager => SchemaUrn is not null && SubAttribute is null
        && Attribute.Equals(ScimAttributeNames.Manager, StringComparison.OrdinalIgnoreCase);

    /// <summary>The manager as a whole or its <c>value</c>: either way the value is a user's id in the target.</summary>
    public bool IsManagerReference => FilterAttribute is null
        && Attribute.Equals(ScimAttributeNames.Manager, StringComparison.OrdinalIgnoreCase)
        && (SubAttribute is null || SubAttribute.Equals(ScimAttributeNames.Value, StringComparison.OrdinalIgnoreCase));

    /// <summary>Whether <paramref name="text"/> parses to a path that names the manager; false for any unparseable text.</summary>
    public static bool NamesManager(string text)
    {
        try
        {
            return Parse(text.Trim()).IsManagerReference;
        }
        catch (TargetException)
        {
            return false;
        }
    }

    /// <summary>The path as RFC 7644 § 3.5.2 writes it in a PATCH operation.</summary>
    public string Render()
    {
        var text = SchemaUrn is null ? Attribute : $"{SchemaUrn}:{Attribute}";
        if (FilterAttribute is not null)
        {
            text += $"[{FilterAttribute} eq {ScimFilter.Quote(FilterValue!)}]";
        }

        return SubAttribute is null ? text : $"{text}.{SubAttribute}";
    }

    /// <summary>Whether the resource holds an element this path's filter selects (false for a path without a filter).</summary>
    public bool SelectsElementOf(JsonObject resource)
    {
        var container = SchemaUrn is null ? resource : Child(resource, SchemaUrn) as JsonObject;
        return FilterAttribute is not null && container is not null && Child(container, Attribute) is JsonArray elements
            && elements.OfType<JsonObject>().Any(e => string.Equals(ScalarText(Child(e, FilterAttribute)), FilterValue, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Reads this path's value from a resource (case-insensitive names, as RFC 7643 § 2.1 asks).</summary>
    public JsonNode? Read(JsonObject resource)
    {
        var container = SchemaUrn is null ? resource : Child(resource, SchemaUrn) as JsonObject;
        var node = container is null ? null : Child(container, Attribute);
        if (FilterAttribute is not null)
        {
            node = (node as JsonArray)?.OfType<JsonObject>().FirstOrDefault(e =>
                string.Equals(ScalarText(Child(e, FilterAttribute)), FilterValue, StringComparison.OrdinalIgnoreCase));
            if (node is not null && SubAttribute is null)
            {
                return Child((JsonObject)node, ScimAttributeNames.Value);
            }
        }

        if (SubAttribute is null)
        {
            return node;
        }

        return node is JsonObject complex ? Child(complex, SubAttribute) : null;
    }

    // Most targets answer with the names' own spelling: a hashed look-up first, the case-insensitive walk only if absent.
    internal static JsonNode? Child(JsonObject obj, string name) =>
        obj.TryGetPropertyValue(name, out var exact) ? exact
            : obj.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    internal static string? ScalarText(JsonNode? node) => node is JsonValue value
        ? value.TryGetValue<string>(out var s) ? s : value.ToJsonString()
        : null;
}
