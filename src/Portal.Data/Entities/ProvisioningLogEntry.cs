namespace Portal.Data.Entities;

public enum ProvisioningAction { Create, Update, Disable, Delete, StagedDelete, Other }

public enum ProvisioningLogStatus { Success, Warning, Failure, Skipped }

/// <summary>One object change of a cycle, shaped like Graph's provisioningObjectSummary. Immutable once written.</summary>
public sealed class ProvisioningLogEntry : ITenantOwned
{
    public long Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid JobId { get; set; }
    public Guid CycleId { get; set; }

    /// <summary>Unique per change in a cycle; the support identifier admins quote.</summary>
    public Guid ChangeId { get; set; } = Guid.NewGuid();

    public DateTimeOffset ActivityDateTime { get; set; }
    public int DurationInMilliseconds { get; set; }
    public ProvisioningAction Action { get; set; }
    public ProvisioningLogStatus Status { get; set; }
    public ObjectKind IdentityType { get; set; }

    public required string SourceId { get; set; }
    public string? SourceDisplayName { get; set; }
    public string? TargetId { get; set; }
    public string? TargetDisplayName { get; set; }

    public string? ErrorCode { get; set; }
    public string? ErrorReason { get; set; }
    public string? RecommendedAction { get; set; }

    /// <summary>Import, scoping, matching, processing, export steps as JSON.</summary>
    public string? StepsJson { get; set; }

    /// <summary>Modified properties (name, old, new) as JSON.</summary>
    public string? ModifiedPropertiesJson { get; set; }

    /// <summary>
    /// The linked object's state before this change, with <see cref="PreviousValuesJson"/>: what undoing the cycle puts
    /// back. Null for a create (there was nothing before) and for entries that changed nothing.
    /// </summary>
    public LinkState? PreviousState { get; set; }

    /// <summary>
    /// Those of the linked object's stored values (attributes last exported, group members) this change replaced, as
    /// they were: all of them for a disable or delete, whose undo may have to create the object again.
    /// </summary>
    public string? PreviousValuesJson { get; set; }

    /// <summary>Set when help desk marked a failure reviewed.</summary>
    public DateTimeOffset? ReviewedAt { get; set; }

    public string? ReviewedBy { get; set; }
}
