using System.Globalization;
using Humanizer;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Data.Entities;
using Portal.Data.Tenancy;

namespace Portal.Web.Notifications;

/// <summary>
/// Recurring check: a job whose escrow holds changes that have kept failing for longer than
/// <see cref="NotificationOptions.EscrowAgeThreshold"/> raises one notification, at most once per threshold period
/// per job, so a stuck object is noticed without a reminder every hour.
/// </summary>
public sealed class EscrowAgeCheck(TenantDbContexts contexts, NotificationCenter center, IOptions<NotificationOptions> options, TimeProvider clock)
{
    public const string RecurringId = "notifications:escrow-age";

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var threshold = options.Value.EscrowAgeThreshold;
        var cutoff = now - threshold;
        List<AgedEscrow> aged;
        await using (var db = contexts.ForSystem())
        {
            // Grouped in memory: the number of aged entries is small next to what the database would have to translate.
            var entries = await db.AcrossAllTenants<EscrowEntry>().AsNoTracking()
                .Where(e => e.FirstFailedAt <= cutoff)
                .Select(e => new { e.TenantId, e.JobId, e.FirstFailedAt, e.Reason })
                .ToListAsync(cancellationToken);
            aged = entries.GroupBy(e => (e.TenantId, e.JobId))
                .Select(g => new AgedEscrow(g.Key.TenantId, g.Key.JobId, g.Count(), g.Min(e => e.FirstFailedAt),
                    g.GroupBy(e => e.Reason).OrderByDescending(r => r.Count()).First().Key))
                .ToList();
        }

        var raised = 0;
        foreach (var job in aged)
        {
            if (await RaisedRecentlyAsync(job, now - threshold, cancellationToken))
            {
                continue;
            }

            var days = (int)Math.Floor((now - job.OldestFailure).TotalDays);
            await center.RaiseAsync(new NotificationEvent(
                job.TenantId, job.JobId, NotificationKinds.EscrowAged, NotificationSeverity.Warning,
                $"{"failed change".ToQuantity(job.Count)} {(job.Count == 1 ? "has" : "have")} waited for retry for more than {Period(threshold)}",
                $"The oldest has failed since {job.OldestFailure:yyyy-MM-dd HH:mm} UTC ({"day".ToQuantity(days)}). Most common reason: {job.TopReason ?? "unknown"} "
                + "Fix the cause in the target or the mappings, then retry the failures from the help desk's Failures page.",
                job.Count, LogsLink: $"logs?jobId={job.JobId}&status=Failure"), cancellationToken);
            raised++;
        }

        return raised;
    }

    private async Task<bool> RaisedRecentlyAsync(AgedEscrow job, DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var db = contexts.For(job.TenantId);
        if (!await db.ProvisioningJobs.AnyAsync(j => j.Id == job.JobId, cancellationToken))
        {
            return true;
        }

        return await db.Notifications.AnyAsync(
            n => n.JobId == job.JobId && n.Kind == NotificationKinds.EscrowAged && n.CreatedAt > since, cancellationToken);
    }

    private static string Period(TimeSpan threshold) =>
        threshold.TotalHours % 24 == 0 ? "day".ToQuantity((int)threshold.TotalDays) : "hour".ToQuantity(threshold.TotalHours, "0.#", CultureInfo.InvariantCulture);

    private sealed record AgedEscrow(Guid TenantId, Guid JobId, int Count, DateTimeOffset OldestFailure, string? TopReason);
}
