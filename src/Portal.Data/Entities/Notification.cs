namespace Portal.Data.Entities;

public enum NotificationSeverity { Information, Warning, Error }

/// <summary>Where one channel's delivery of a notification stands.</summary>
public enum DeliveryStatus
{
    /// <summary>The channel is not configured or not wanted for this notification.</summary>
    None,
    Pending,
    Sent,

    /// <summary>Held back by throttling; it goes out in the next digest.</summary>
    Suppressed,

    /// <summary>Sent as part of a digest.</summary>
    Digested,

    /// <summary>Gave up after the retries.</summary>
    Failed,

    /// <summary>The mail server refused the recipient permanently; never retried.</summary>
    Bounced,
}

/// <summary>An in-app notification of a tenant, and the record of its email and webhook deliveries.</summary>
public sealed class Notification : ITenantOwned
{
    public long Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid? JobId { get; set; }
    public Guid? CycleId { get; set; }

    /// <summary>Event kind, e.g. CycleFailed, QuarantineEntered, DeletionThresholdHeld (see NotificationKinds).</summary>
    public required string Kind { get; set; }

    public NotificationSeverity Severity { get; set; }
    public required string Title { get; set; }
    public required string Body { get; set; }

    /// <summary>How many objects the event concerns (failed objects, held deletions...).</summary>
    public int ObjectCount { get; set; }

    /// <summary>Top error reasons as JSON: [{ errorCode, reason, recommendedAction, count }].</summary>
    public string? TopReasonsJson { get; set; }

    /// <summary>Portal-relative link to the filtered provisioning logs.</summary>
    public string? LogsLink { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ReadAt { get; set; }

    public DeliveryStatus EmailStatus { get; set; }
    public int EmailAttempts { get; set; }
    public DateTimeOffset? EmailedAt { get; set; }
    public string? EmailError { get; set; }

    public DeliveryStatus WebhookStatus { get; set; }
    public int WebhookAttempts { get; set; }
    public string? WebhookError { get; set; }
}
