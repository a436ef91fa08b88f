using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Portal.Provisioning.Targets.Scim;

/// <summary>RFC 7644 § 3.4.2 ListResponse. Resources stay JSON: the attributes of a target are data, not a type.</summary>
public sealed record ScimListResponse(
    [property: JsonPropertyName("schemas")] IReadOnlyList<string> Schemas,
    [property: JsonPropertyName("totalResults")] int TotalResults,
    [property: JsonPropertyName("startIndex")] int? StartIndex,
    [property: JsonPropertyName("itemsPerPage")] int? ItemsPerPage,
    [property: JsonPropertyName("Resources")] IReadOnlyList<JsonObject> Resources);

/// <summary>RFC 7644 § 3.12 error body.</summary>
public sealed record ScimError(
    [property: JsonPropertyName("schemas")] IReadOnlyList<string>? Schemas,
    [property: JsonPropertyName("status")] string? Status,
    [property: JsonPropertyName("scimType")] string? ScimType,
    [property: JsonPropertyName("detail")] string? Detail);

/// <summary>RFC 7644 § 3.5.2 PatchOp message.</summary>
public sealed record ScimPatchRequest(
    [property: JsonPropertyName("schemas")] IReadOnlyList<string> Schemas,
    [property: JsonPropertyName("Operations")] IReadOnlyList<ScimPatchOperation> Operations);

public sealed record ScimPatchOperation(
    [property: JsonPropertyName("op")] string Op,
    [property: JsonPropertyName("path"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Path,
    [property: JsonPropertyName("value"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonNode? Value);
