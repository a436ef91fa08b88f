using System.Globalization;
using System.Text.Json.Nodes;

namespace Portal.Provisioning.Mapping;

/// <summary>Conversions between source attribute values (string, bool, list of strings) and target JSON values.</summary>
public static class AttributeValues
{
    public static JsonNode? ToJson(object? value) => value switch
    {
        null => null,
        string s => s.Length == 0 ? null : JsonValue.Create(s),
        bool b => JsonValue.Create(b),
        JsonNode node => node.DeepClone(),
        IEnumerable<string> list => list.Any() ? new JsonArray([.. list.Select(v => (JsonNode?)JsonValue.Create(v))]) : null,
        IFormattable f => JsonValue.Create(f.ToString(null, CultureInfo.InvariantCulture)),
        _ => JsonValue.Create(value.ToString()),
    };

    public static MappedValue ToMapped(object? value) => MappedValue.Of(ToJson(value));

    /// <summary>The value as a matching filter compares it, or null when it cannot be used to match.</summary>
    public static string? AsMatchingText(JsonNode? value) => value switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => s.Length == 0 ? null : s,
        JsonValue v when v.TryGetValue<bool>(out var b) => b ? "true" : "false",
        JsonArray { Count: > 0 } a => AsMatchingText(a[0]),
        _ => null,
    };
}
