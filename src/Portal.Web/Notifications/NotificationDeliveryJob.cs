using Hangfire;
using Humanizer;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Data;
using Portal.Data.Entities;
using Portal.Data.Secrets;
using Portal.Data.Tenancy;

namespace Portal.Web.Notifications;

/// <summary>
/// Background deliveries of notifications. Hangfire's own retries are off: each method records its outcome and
/// schedules its next attempt along <see cref="NotificationOptions.RetryDelays"/>, so the retry state is visible on
/// the notification and a permanent refusal (bounce) is never retried.
/// </summary>
[AutomaticRetry(Attempts = 0)]
public sealed class NotificationDeliveryJob(
    TenantDbContexts contexts,
    EmailComposer composer,
    MailTransport mail,
    WebhookSender webhook,
    SecretProtector secrets,
    IBackgroundJobClient jobs,
    IOptions<NotificationOptions> options,
    TimeProvider clock,
    ILogger<NotificationDeliveryJob> logger)
{
    public async Task SendEmailAsync(Guid tenantId, long notificationId, CancellationToken cancellationToken)
    {
        await using var db = contexts.For(tenantId);
        var n = await db.Notifications.SingleOrDefaultAsync(x => x.Id == notificationId, cancellationToken);
        if (n is not { EmailStatus: DeliveryStatus.Pending })
        {
            return;
        }

        var (job, recipients, appName) = await RecipientsAsync(db, tenantId, n.JobId, n.Kind, cancellationToken);
        if (recipients.Count == 0)
        {
            n.EmailStatus = DeliveryStatus.None;
            await db.SaveChangesAsync(cancellationToken);
            return;
        }

        var result = await mail.SendAsync(composer.Compose(n.Title, [n], appName, recipients), cancellationToken);
        n.EmailAttempts++;
        Record(db, job, [n], result);
        await db.SaveChangesAsync(cancellationToken);
        if (result.Outcome == MailOutcome.Unavailable && n.EmailStatus == DeliveryStatus.Pending)
        {
            jobs.Schedule<NotificationDeliveryJob>(d => d.SendEmailAsync(tenantId, notificationId, CancellationToken.None), RetryDelay(n.EmailAttempts));
        }
    }

    /// <summary>One email listing every notification of a job and kind that throttling held back.</summary>
    public async Task SendDigestAsync(Guid tenantId, Guid? jobId, string kind, CancellationToken cancellationToken)
    {
        await using var db = contexts.For(tenantId);
        var held = await db.Notifications
            .Where(n => n.JobId == jobId && n.Kind == kind && n.EmailStatus == DeliveryStatus.Suppressed)
            .OrderBy(n => n.CreatedAt)
            .ToListAsync(cancellationToken);
        if (held.Count == 0)
        {
            return;
        }

        var (job, recipients, appName) = await RecipientsAsync(db, tenantId, jobId, kind, cancellationToken);
        var subject = $"Digest: {held.Count} more \"{held[0].Title}\" {"notification".ToQuantity(held.Count, ShowQuantityAs.None)}";
        var result = recipients.Count == 0
            ? new MailResult(MailOutcome.Sent)
            : await mail.SendAsync(composer.Compose(subject, held, appName, recipients), cancellationToken);
        Record(db, job, held, result, delivered: DeliveryStatus.Digested);
        await db.SaveChangesAsync(cancellationToken);
        if (result.Outcome == MailOutcome.Unavailable)
        {
            var attempts = held[0].EmailAttempts;
            if (attempts <= options.Value.RetryDelays.Length)
            {
                jobs.Schedule<NotificationDeliveryJob>(d => d.SendDigestAsync(tenantId, jobId, kind, CancellationToken.None), RetryDelay(attempts));
            }
        }
    }

    public async Task SendWebhookAsync(Guid tenantId, long notificationId, CancellationToken cancellationToken)
    {
        await using var db = contexts.For(tenantId);
        var n = await db.Notifications.SingleOrDefaultAsync(x => x.Id == notificationId, cancellationToken);
        var tenant = await db.Tenants.AsNoTracking().SingleOrDefaultAsync(t => t.Id == tenantId, cancellationToken);
        if (n is not { WebhookStatus: DeliveryStatus.Pending } || tenant is not { WebhookUrl.Length: > 0, WebhookSecret: not null })
        {
            return;
        }

        var error = await webhook.SendAsync(tenant.WebhookUrl, secrets.Unprotect(tenant.WebhookSecret), n, cancellationToken);
        n.WebhookAttempts++;
        n.WebhookError = error;
        n.WebhookStatus = error is null ? DeliveryStatus.Sent
            : n.WebhookAttempts > options.Value.RetryDelays.Length ? DeliveryStatus.Failed
            : DeliveryStatus.Pending;
        await db.SaveChangesAsync(cancellationToken);

        // Scheduled only after the attempt is saved: a retry due sooner than the save ends would read the old count and
        // post once more than recorded.
        if (n.WebhookStatus == DeliveryStatus.Pending)
        {
            jobs.Schedule<NotificationDeliveryJob>(d => d.SendWebhookAsync(tenantId, notificationId, CancellationToken.None), RetryDelay(n.WebhookAttempts));
        }
        else if (n.WebhookStatus == DeliveryStatus.Failed)
        {
            logger.LogWarning("Webhook delivery of notification {NotificationId} failed after {Attempts} attempts: {Error}", n.Id, n.WebhookAttempts, error);
        }
    }

    private void Record(PortalDbContext db, ProvisioningJob? job, IReadOnlyList<Notification> notifications, MailResult result, DeliveryStatus delivered = DeliveryStatus.Sent)
    {
        var now = clock.GetUtcNow();
        foreach (var n in notifications)
        {
            n.EmailError = result.Error;
            switch (result.Outcome)
            {
                case MailOutcome.Sent:
                    n.EmailStatus = delivered;
                    n.EmailedAt = now;
                    break;
                case MailOutcome.Rejected:
                    n.EmailStatus = DeliveryStatus.Bounced;
                    break;
                default:
                    if (delivered == DeliveryStatus.Digested)
                    {
                        n.EmailAttempts++;
                    }

                    if (n.EmailAttempts > options.Value.RetryDelays.Length)
                    {
                        n.EmailStatus = DeliveryStatus.Failed;
                    }

                    break;
            }
        }

        // Only the job's own address can be blamed: it is a recipient only while no problem is recorded for it.
        if (result.Outcome == MailOutcome.Rejected && WantsJobEmail(job, notifications[0].Kind))
        {
            db.Attach(job!);
            job!.NotificationEmailProblem = $"The mail server refused the notification address on {now:yyyy-MM-dd HH:mm} UTC: {result.Error}";
        }
    }

    /// <summary>
    /// The job's own address gets mail while it is set and not known to bounce: after a bounce nothing more is sent to it
    /// (only to the help desk) until the admin saves the address again. It gets the events when the admin ticked "when a
    /// failure occurs", and the weekly summary when they asked for that.
    /// </summary>
    internal static bool WantsJobEmail(ProvisioningJob? job, string kind) =>
        job is { NotificationEmail.Length: > 0, NotificationEmailProblem: null }
        && (kind == NotificationKinds.WeeklySummary ? job.SendWeeklySummary : job.SendNotificationOnFailure);

    /// <summary>
    /// An event of the whole directory (no job: its client secret ending) concerns every job, so it goes to each job's
    /// address that takes failure notifications.
    /// </summary>
    internal static IQueryable<string> TenantWideRecipients(PortalDbContext db) => db.ProvisioningJobs
        .Where(j => j.SendNotificationOnFailure && j.NotificationEmail != null && j.NotificationEmail != "" && j.NotificationEmailProblem == null)
        .Select(j => j.NotificationEmail!)
        .Distinct();

    private TimeSpan RetryDelay(int attempts)
    {
        var delays = options.Value.RetryDelays;
        return delays[Math.Clamp(attempts - 1, 0, delays.Length - 1)];
    }

    private static async Task<(ProvisioningJob? Job, List<string> Recipients, string? AppName)> RecipientsAsync(
        PortalDbContext db, Guid tenantId, Guid? jobId, string kind, CancellationToken cancellationToken)
    {
        var job = jobId is { } id
            ? await db.ProvisioningJobs.AsNoTracking().Include(j => j.Application).SingleOrDefaultAsync(j => j.Id == id, cancellationToken)
            : null;
        var tenant = await db.Tenants.AsNoTracking().SingleOrDefaultAsync(t => t.Id == tenantId, cancellationToken);
        var recipients = new List<string>();
        if (WantsJobEmail(job, kind))
        {
            recipients.Add(job!.NotificationEmail!);
        }
        else if (jobId is null)
        {
            recipients.AddRange(await TenantWideRecipients(db).ToListAsync(cancellationToken));
        }

        // The help desk hears of what went wrong, not of every job's week.
        if (kind != NotificationKinds.WeeklySummary && tenant?.HelpDeskEmail is { Length: > 0 } helpDesk
            && !recipients.Contains(helpDesk, StringComparer.OrdinalIgnoreCase))
        {
            recipients.Add(helpDesk);
        }

        return (job, recipients, job?.Application?.DisplayName);
    }
}
