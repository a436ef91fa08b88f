namespace Portal.Data.Entities;

/// <summary>The synchronization job of one application: settings, target connection, schedule and health.</summary>
public sealed class ProvisioningJob : ITenantOwned
{
    public const int DefaultDeletionThreshold = 500;
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMinutes(20);

    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid TenantId { get; set; }
    public Guid ApplicationId { get; set; }
    public Application? Application { get; set; }

    public ProvisioningMode Mode { get; set; } = ProvisioningMode.Manual;
    public ProvisioningStatus Status { get; set; } = ProvisioningStatus.Off;
    public JobStatusCode StatusCode { get; set; } = JobStatusCode.NotConfigured;
    public ProvisioningScope Scope { get; set; } = ProvisioningScope.AssignedOnly;

    /// <summary>Entra cannot expand nested groups; the portal can, per job.</summary>
    public bool ExpandNestedGroups { get; set; }

    public TimeSpan Interval { get; set; } = DefaultInterval;

    /// <summary>Operator-only alternative to <see cref="Interval"/>.</summary>
    public string? CronExpression { get; set; }

    public string? NotificationEmail { get; set; }
    public bool SendNotificationOnFailure { get; set; }

    /// <summary>A summary of the job's week (changes, failures, its state) goes to <see cref="NotificationEmail"/> every week.</summary>
    public bool SendWeeklySummary { get; set; }

    /// <summary>Set when the mail server refused the notification address permanently; shown on the job.</summary>
    public string? NotificationEmailProblem { get; set; }

    public bool PreventAccidentalDeletions { get; set; } = true;
    public int DeletionThreshold { get; set; } = DefaultDeletionThreshold;
    public bool SkipOutOfScopeDeletions { get; set; }

    public TargetConnection Target { get; set; } = new();

    /// <summary>Graph delta links, committed only when a cycle finishes.</summary>
    public Watermark Watermark { get; set; } = new();

    public JobQuarantine Quarantine { get; set; } = new();

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? LastCycleEndedAt { get; set; }

    /// <summary>Optimistic concurrency: two admins saving the same job must not silently overwrite each other.</summary>
    public Guid ConcurrencyStamp { get; set; } = Guid.NewGuid();

    public List<ObjectMapping> ObjectMappings { get; set; } = [];

    /// <summary>Users and groups this job no longer manages (<see cref="ReleasedObject"/>).</summary>
    public List<ReleasedObject> Released { get; set; } = [];
}
