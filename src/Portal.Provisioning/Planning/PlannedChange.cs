using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Portal.Data.Entities;
using Portal.Provisioning.Targets;

namespace Portal.Provisioning.Planning;

public enum ChangeAction { Create, Update, Disable, Delete, Skip, StagedDelete }

/// <summary>One attribute's change as the provisioning log shows it (Graph's modifiedProperty, stored as JSON).</summary>
public sealed record ModifiedProperty(
    [property: JsonPropertyName("displayName")] string DisplayName,
    [property: JsonPropertyName("oldValue")] string? OldValue,
    [property: JsonPropertyName("newValue")] string? NewValue);

/// <summary>
/// What the engine will do to one target object and why. <see cref="Changes"/> holds only attributes that differ
/// from what was last exported (all of them for a create); <see cref="Values"/> is the full desired state recorded
/// in the linked-object store after a successful export.
/// </summary>
public sealed record PlannedChange(
    ObjectKind Kind,
    string SourceId,
    string? DisplayName,
    ChangeAction Action,
    string? TargetId,
    IReadOnlyDictionary<string, JsonNode?> Changes,
    IReadOnlyDictionary<string, JsonNode?> Values,
    IReadOnlyList<ModifiedProperty> Modified,
    string Reason,
    MatchingKey? MatchingKey = null)
{
    public bool IsDeprovisioning => Action is ChangeAction.Disable or ChangeAction.Delete;

    /// <summary>Attributes in <see cref="Changes"/> whose values are to be added to the target's, not replace them.</summary>
    public IReadOnlySet<string>? Added { get; init; }

    /// <summary>An update of a linked object: the exported values its changes replace (null: the attribute was not there).</summary>
    public IReadOnlyDictionary<string, JsonNode?>? Previous { get; init; }

    public static IReadOnlyDictionary<string, JsonNode?> NoValues { get; } = new Dictionary<string, JsonNode?>();

    public ProvisioningAction LogAction => Action switch
    {
        ChangeAction.Create => ProvisioningAction.Create,
        ChangeAction.Update => ProvisioningAction.Update,
        ChangeAction.Disable => ProvisioningAction.Disable,
        ChangeAction.Delete => ProvisioningAction.Delete,
        ChangeAction.StagedDelete => ProvisioningAction.StagedDelete,
        _ => ProvisioningAction.Other,
    };
}
