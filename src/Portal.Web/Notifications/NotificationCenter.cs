using System.Text.Json;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Data.Entities;
using Portal.Data.Tenancy;

namespace Portal.Web.Notifications;

/// <summary>
/// Stores a notification for the tenant's in-app list and hands its email and webhook deliveries to background jobs,
/// so a slow or failing mail server never blocks or fails the caller (a cycle). Emails are throttled per job and
/// event kind; what the throttle holds back goes out as one digest at the end of the period.
/// </summary>
public sealed class NotificationCenter(
    TenantDbContexts contexts,
    IBackgroundJobClient jobs,
    IOptions<NotificationOptions> options,
    TimeProvider clock)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<long> RaiseAsync(NotificationEvent e, CancellationToken cancellationToken = default)
    {
        await using var db = contexts.For(e.TenantId);
        var now = clock.GetUtcNow();
        var notification = new Notification
        {
            TenantId = e.TenantId,
            JobId = e.JobId,
            CycleId = e.CycleId,
            Kind = e.Kind,
            Severity = e.Severity,
            Title = e.Title,
            Body = e.Body,
            ObjectCount = e.ObjectCount,
            TopReasonsJson = e.TopReasons is { Count: > 0 } reasons ? JsonSerializer.Serialize(reasons, Json) : null,
            LogsLink = e.LogsLink,
            CreatedAt = now,
        };

        var job = e.JobId is { } jobId ? await db.ProvisioningJobs.AsNoTracking().SingleOrDefaultAsync(j => j.Id == jobId, cancellationToken) : null;
        var tenant = await db.Tenants.AsNoTracking().SingleOrDefaultAsync(t => t.Id == e.TenantId, cancellationToken);
        var digestDue = (DateTimeOffset?)null;
        if (WantsEmail(job, tenant, e.Kind) || (e.JobId is null && await NotificationDeliveryJob.TenantWideRecipients(db).AnyAsync(cancellationToken)))
        {
            var lastEmail = await LastEmailAsync(db, e, cancellationToken);
            var period = options.Value.EmailThrottlePeriod;
            if (lastEmail is { } sentAt && now - sentAt < period)
            {
                notification.EmailStatus = DeliveryStatus.Suppressed;
                var alreadyWaiting = await db.Notifications.AnyAsync(
                    n => n.JobId == e.JobId && n.Kind == e.Kind && n.EmailStatus == DeliveryStatus.Suppressed, cancellationToken);
                digestDue = alreadyWaiting ? null : sentAt + period;
            }
            else
            {
                notification.EmailStatus = DeliveryStatus.Pending;
            }
        }

        notification.WebhookStatus = tenant?.WebhookUrl is { Length: > 0 } ? DeliveryStatus.Pending : DeliveryStatus.None;
        db.Notifications.Add(notification);
        await db.SaveChangesAsync(cancellationToken);

        if (notification.EmailStatus == DeliveryStatus.Pending)
        {
            jobs.Enqueue<NotificationDeliveryJob>(d => d.SendEmailAsync(e.TenantId, notification.Id, CancellationToken.None));
        }

        if (digestDue is { } due)
        {
            jobs.Schedule<NotificationDeliveryJob>(d => d.SendDigestAsync(e.TenantId, e.JobId, e.Kind, CancellationToken.None), due);
        }

        if (notification.WebhookStatus == DeliveryStatus.Pending)
        {
            jobs.Enqueue<NotificationDeliveryJob>(d => d.SendWebhookAsync(e.TenantId, notification.Id, CancellationToken.None));
        }

        return notification.Id;
    }

    private static bool WantsEmail(ProvisioningJob? job, Tenant? tenant, string kind) =>
        NotificationDeliveryJob.WantsJobEmail(job, kind) || (kind != NotificationKinds.WeeklySummary && tenant?.HelpDeskEmail is { Length: > 0 });

    // The throttle slot is taken when an email is issued (not when it is delivered, which may be much later), and
    // again when a digest goes out, so the next event after a digest waits for the following period.
    private static async Task<DateTimeOffset?> LastEmailAsync(Portal.Data.PortalDbContext db, NotificationEvent e, CancellationToken ct)
    {
        var sameKind = db.Notifications.Where(n => n.JobId == e.JobId && n.Kind == e.Kind);
        var issued = await sameKind
            .Where(n => n.EmailStatus == DeliveryStatus.Pending || n.EmailStatus == DeliveryStatus.Sent
                        || n.EmailStatus == DeliveryStatus.Failed || n.EmailStatus == DeliveryStatus.Bounced)
            .MaxAsync(n => (DateTimeOffset?)n.CreatedAt, ct);
        var digested = await sameKind.Where(n => n.EmailStatus == DeliveryStatus.Digested).MaxAsync(n => n.EmailedAt, ct);
        return issued > digested || digested is null ? issued : digested;
    }
}
