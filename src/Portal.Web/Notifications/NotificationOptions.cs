namespace Portal.Web.Notifications;

/// <summary>Settings of the <c>Notifications</c> section.</summary>
public sealed class NotificationOptions
{
    public const string Section = "Notifications";

    /// <summary>At most one email per job and event kind in this period; the rest go out as one digest.</summary>
    public TimeSpan EmailThrottlePeriod { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Delays between delivery attempts; after the last one the delivery is recorded as failed.</summary>
    public TimeSpan[] RetryDelays { get; set; } =
        [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15), TimeSpan.FromHours(1), TimeSpan.FromHours(4)];

    /// <summary>Base URL of the portal for links in emails, e.g. https://portal.contoso.com.</summary>
    public string PublicBaseUrl { get; set; } = "http://localhost:5000";

    /// <summary>Where mail goes when no SMTP host is configured (relative to the content root).</summary>
    public string PickupFolder { get; set; } = "App_Data/mail";

    public TimeSpan WebhookTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Escrow entries failing for longer than this raise a notification (at most once per this period per job).</summary>
    public TimeSpan EscrowAgeThreshold { get; set; } = TimeSpan.FromHours(24);

    /// <summary>When the aged-escrow check runs (cron, UTC); empty turns it off.</summary>
    public string EscrowCheckCron { get; set; } = "15 * * * *";

    /// <summary>When Test Connection is re-run for every job that is On (cron, UTC); empty turns it off.</summary>
    public string ConnectionRecheckCron { get; set; } = "30 4 * * *";

    /// <summary>When the target of every job that is On is compared with its links (cron, UTC); empty turns it off.</summary>
    public string DriftCheckCron { get; set; } = "45 4 * * *";

    /// <summary>
    /// When credentials are checked for their end dates (cron, UTC): every directory connection's client secret, read from
    /// its app registration, and the API keys in use; empty turns both checks off.
    /// </summary>
    public string CredentialCheckCron { get; set; } = "0 5 * * *";

    /// <summary>When jobs that asked for it get their week's summary (cron, UTC; Mondays 07:00 by default); empty turns it off.</summary>
    public string WeeklySummaryCron { get; set; } = "0 7 * * 1";
}
