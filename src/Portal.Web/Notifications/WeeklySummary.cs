using System.Globalization;
using System.Text;
using Humanizer;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Data.Entities;
using Portal.Data.Tenancy;
using Portal.Web.Features.HelpDesk;

namespace Portal.Web.Notifications;

/// <summary>
/// Recurring: every job whose admins asked for it gets a summary of its last seven days at its notification email —
/// the cycles it ran, what they changed, what is failing now and the job's state — so a job that silently stopped
/// doing anything, or keeps failing for a few people, is noticed without anyone opening the portal. Entra sends mail
/// only when a job enters quarantine.
/// </summary>
public sealed class WeeklySummary(TenantDbContexts contexts, NotificationCenter center, TimeProvider clock)
{
    public const string RecurringId = "notifications:weekly-summary";

    private static readonly TimeSpan Week = TimeSpan.FromDays(7);

    /// <summary>Returns how many summaries were raised.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        List<(Guid TenantId, Guid JobId)> jobs;
        await using (var db = contexts.ForSystem())
        {
            jobs = (await db.AcrossAllTenants<ProvisioningJob>().AsNoTracking()
                    .Where(j => j.SendWeeklySummary && j.NotificationEmail != null)
                    .Select(j => new { j.TenantId, j.Id })
                    .ToListAsync(cancellationToken))
                .Select(j => (j.TenantId, j.Id)).ToList();
        }

        var now = clock.GetUtcNow();
        var raised = 0;
        foreach (var (tenantId, jobId) in jobs)
        {
            await using var db = contexts.For(tenantId);
            if (await SummarizeAsync(db, jobId, now - Week, now, cancellationToken) is { } summary)
            {
                await center.RaiseAsync(summary, cancellationToken);
                raised++;
            }
        }

        return raised;
    }

    private static async Task<NotificationEvent?> SummarizeAsync(PortalDbContext db, Guid jobId, DateTimeOffset from, DateTimeOffset to,
        CancellationToken cancellationToken)
    {
        var job = await db.ProvisioningJobs.AsNoTracking().Include(j => j.Application).SingleOrDefaultAsync(j => j.Id == jobId, cancellationToken);
        if (job is null)
        {
            return null;
        }

        // Cycles of the schedule and undos; dry runs and on-demand runs change nothing the admin did not watch happen.
        var cycles = await db.Cycles.AsNoTracking()
            .Where(c => c.JobId == jobId && c.StartedAt >= from && c.StartedAt < to
                && (c.Kind == CycleKind.Initial || c.Kind == CycleKind.Incremental || c.Kind == CycleKind.Undo))
            .Select(c => new { c.State, c.Created, c.Updated, c.Disabled, c.Deleted, c.Held })
            .ToListAsync(cancellationToken);
        var open = FailuresInbox.OpenFailures(db).Where(f => f.JobId == jobId);
        var failing = await open.CountAsync(cancellationToken);
        var accounts = await db.LinkedObjects.AsNoTracking()
            .Where(l => l.JobId == jobId && l.Kind == ObjectKind.User && l.TargetId != null && l.State != LinkState.Deleted)
            .GroupBy(l => l.State).Select(g => new { State = g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);

        var (created, updated, disabled, deleted) = (cycles.Sum(c => c.Created), cycles.Sum(c => c.Updated), cycles.Sum(c => c.Disabled), cycles.Sum(c => c.Deleted));
        var failed = cycles.Count(c => c.State == CycleState.Failed);
        var app = job.Application?.DisplayName ?? "The application";
        var changes = new[] { (created, "created"), (updated, "updated"), (disabled, "disabled"), (deleted, "deleted") }
            .Where(c => c.Item1 > 0).Select(c => $"{c.Item1.ToString("N0", CultureInfo.InvariantCulture)} {c.Item2}").ToList();
        var title = $"{app}: weekly summary — {(changes.Count == 0 ? "no changes" : string.Join(", ", changes))}"
            + (failing > 0 ? $", {"object".ToQuantity(failing)} failing" : "");

        var body = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"From {from:yyyy-MM-dd HH:mm} to {to:yyyy-MM-dd HH:mm} UTC: {"cycle".ToQuantity(cycles.Count)}")
            .Append(failed > 0 ? $" ({failed} failed)" : "")
            .Append(changes.Count == 0 ? ", which changed nothing in the target." : $", which {string.Join(", ", changes)} accounts and groups in the target.")
            .Append(CultureInfo.InvariantCulture, $" Now: provisioning is {(job.Status == ProvisioningStatus.On ? "On" : "Off")}");
        if (job.Quarantine.Reason != QuarantineReason.None)
        {
            body.Append(CultureInfo.InvariantCulture, $" and in quarantine ({job.Quarantine.Reason.Humanize(LetterCasing.LowerCase)})");
        }

        body.Append(CultureInfo.InvariantCulture,
            $"; {Count(accounts.Where(a => a.State == LinkState.Active).Sum(a => a.Count))} active and {Count(accounts.Where(a => a.State == LinkState.Disabled).Sum(a => a.Count))} disabled accounts in the application")
            .Append(job.LastCycleEndedAt is { } last ? $"; last cycle ended {last:yyyy-MM-dd HH:mm} UTC." : "; no cycle has run yet.");
        if (cycles.Any(c => c.Held > 0))
        {
            body.Append(" A cycle held disables and deletes over the deletion threshold: they wait for an admin to allow them.");
        }

        body.Append(failing == 0 ? " Nothing is failing." : $" {"object".ToQuantity(failing)} {(failing == 1 ? "is" : "are")} failing; the reasons follow.");
        var reasons = failing == 0 ? [] : await CycleNotifications.TopReasonsAsync(open, 3, cancellationToken);
        var severity = failing > 0 || failed > 0 || job.Quarantine.Reason != QuarantineReason.None ? NotificationSeverity.Warning : NotificationSeverity.Information;
        return new NotificationEvent(job.TenantId, jobId, NotificationKinds.WeeklySummary, severity, title, body.ToString(),
            TopReasons: reasons, LogsLink: $"logs?jobId={jobId}");
    }

    private static string Count(int n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
