namespace Portal.Data.Entities;

public enum NotificationSeverity { Information, Warning, Error }

/// <summary>An in-app notification of a tenant (also the record of what was emailed).</summary>
public sealed class Notification : ITenantOwned
{
    public long Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid? JobId { get; set; }

    /// <summary>Event kind, e.g. CycleFailed, QuarantineEntered, DeletionThresholdHeld.</summary>
    public required string Kind { get; set; }

    public NotificationSeverity Severity { get; set; }
    public required string Title { get; set; }
    public required string Body { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ReadAt { get; set; }
}
