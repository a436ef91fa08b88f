using System.Text.Json.Serialization;

namespace Portal.Provisioning.Cycles;

/// <summary>One step of an object's processing as Graph's provisioningStep names it (stored as JSON on the log entry).</summary>
public sealed record ProvisioningStep(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("provisioningStepType")] string Type,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("details")] IReadOnlyDictionary<string, string> Details)
{
    /// <summary>The step type of a group's membership update: its members resolved to their target ids.</summary>
    public const string ReferenceResolution = "referenceResolution";

    public static ProvisioningStep Of(string name, string type, string status, string description, IReadOnlyDictionary<string, string>? details = null) =>
        new(name, type, status, description, details ?? new Dictionary<string, string>());
}
