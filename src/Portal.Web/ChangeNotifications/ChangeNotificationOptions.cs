namespace Portal.Web.ChangeNotifications;

/// <summary>
/// Settings of the <c>ChangeNotifications</c> section: Microsoft Graph POSTs each change of a user or group to
/// <see cref="NotificationUrl"/>, and the tenant's jobs that are On run an incremental cycle at once instead of at their
/// next scheduled time. Graph needs a URL it can reach over HTTPS; with none set, only the sandbox's in-process Graph
/// emulator notifies (at the portal's own address), and production is off.
/// </summary>
public sealed class ChangeNotificationOptions
{
    public const string Section = "ChangeNotifications";

    /// <summary>The portal's <c>/notifications/graph</c> as Graph reaches it, e.g. https://portal.contoso.com/notifications/graph.</summary>
    public Uri? NotificationUrl { get; set; }

    /// <summary>How long each subscription lives; renewed well before (Graph allows at most 41,760 minutes for users and groups).</summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromDays(2);

    /// <summary>When the subscriptions of every tenant with a job that is On are renewed (cron, UTC); also at start-up.</summary>
    public string RenewCron { get; set; } = "20 */6 * * *";
}
