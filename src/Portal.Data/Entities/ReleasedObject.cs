namespace Portal.Data.Entities;

/// <summary>
/// A user or group a tenant admin stopped the job managing: its account in the target stays as it is, and no cycle
/// creates, updates, disables or deletes it, in scope or not, until the admin manages it again (then it is matched
/// anew). Unlike removing its assignment, which deprovisions.
/// </summary>
public sealed class ReleasedObject
{
    public ObjectKind Kind { get; set; }
    public required string SourceId { get; set; }
    public string? DisplayName { get; set; }
    public DateTimeOffset ReleasedAt { get; set; }

    /// <summary>Who stopped managing it, as the audit log names them.</summary>
    public string? ReleasedBy { get; set; }
}
