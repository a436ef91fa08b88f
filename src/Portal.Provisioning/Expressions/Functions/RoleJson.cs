using System.Text.Json.Serialization;

namespace Portal.Provisioning.Expressions.Functions;

internal sealed record RoleJson(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("value")] string? Value,
    [property: JsonPropertyName("displayName")] string DisplayName);

[JsonSerializable(typeof(RoleJson))]
internal sealed partial class RoleJsonContext : JsonSerializerContext;
