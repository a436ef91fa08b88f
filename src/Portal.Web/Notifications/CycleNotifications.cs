using Humanizer;
using Microsoft.EntityFrameworkCore;
using Portal.Data.Entities;
using Portal.Data.Tenancy;

namespace Portal.Web.Notifications;

/// <summary>
/// Turns the recorded outcome of a cycle into notifications: it reads what the engine persisted (the cycle row, the
/// job's quarantine before and after, the cycle's failed log entries), so the engine needs no knowledge of channels.
/// </summary>
public sealed class CycleNotifications(TenantDbContexts contexts, NotificationCenter center)
{
    private const int TopReasonCount = 5;

    public async Task RaiseAsync(Guid tenantId, Guid jobId, Guid cycleId, JobQuarantine quarantineBefore, CancellationToken cancellationToken)
    {
        await using var db = contexts.For(tenantId);
        var cycle = await db.Cycles.AsNoTracking().SingleOrDefaultAsync(c => c.Id == cycleId, cancellationToken);
        var job = await db.ProvisioningJobs.AsNoTracking().SingleOrDefaultAsync(j => j.Id == jobId, cancellationToken);
        if (cycle is null || job is null)
        {
            return;
        }

        var logs = $"logs?jobId={jobId}&cycleId={cycleId}";
        foreach (var e in await DetectAsync(db, tenantId, job, cycle, quarantineBefore, logs, cancellationToken))
        {
            await center.RaiseAsync(e, cancellationToken);
        }
    }

    /// <summary>An undo waited for the job's running cycle to stop, in vain: nothing was undone.</summary>
    public Task UndoNotStartedAsync(Guid tenantId, Guid jobId, CancellationToken cancellationToken) =>
        center.RaiseAsync(new NotificationEvent(tenantId, jobId, NotificationKinds.CycleFailed, NotificationSeverity.Error, "The undo did not start",
            "A cycle of the job was still running after five minutes, so nothing was undone. Check that provisioning is Off, then undo the cycle again."),
            cancellationToken);

    private static async Task<List<NotificationEvent>> DetectAsync(
        Portal.Data.PortalDbContext db, Guid tenantId, ProvisioningJob job, Cycle cycle, JobQuarantine before, string logs, CancellationToken ct)
    {
        var events = new List<NotificationEvent>();
        NotificationEvent Event(string kind, NotificationSeverity severity, string title, string body, int count = 0, IReadOnlyList<ErrorReason>? reasons = null) =>
            new(tenantId, job.Id, kind, severity, title, body, count, cycle.Id, reasons, logs);

        var after = job.Quarantine;
        if (after.Reason != QuarantineReason.None && after.Reason != before.Reason)
        {
            var kind = after.Reason == QuarantineReason.EncounteredQuarantineException ? NotificationKinds.CredentialsRejected : NotificationKinds.QuarantineEntered;
            events.Add(Event(kind, NotificationSeverity.Error, $"Provisioning is in quarantine: {after.Reason}",
                $"The job now runs on a reduced schedule until the cause is fixed. {after.Error} Fix the cause, then restart provisioning."));
        }
        else if (after.Reason == QuarantineReason.None && before.Reason != QuarantineReason.None)
        {
            events.Add(Event(NotificationKinds.QuarantineLeft, NotificationSeverity.Information, "Provisioning left quarantine",
                $"The job left quarantine ({before.Reason}) and runs on its normal schedule again."));
        }

        if (cycle.State == CycleState.Failed)
        {
            events.Add(Event(NotificationKinds.CycleFailed, NotificationSeverity.Error, "A provisioning cycle failed",
                $"The {cycle.Kind.ToString().ToLowerInvariant()} cycle stopped: {cycle.Error}"));
        }

        if (cycle is { Kind: CycleKind.Undo, State: CycleState.Succeeded or CycleState.EntryLevelErrors })
        {
            // Whoever else looks after the application learns why it is Off; the audit log says who undid it.
            events.Add(Event(NotificationKinds.CycleUndone, NotificationSeverity.Information, "A provisioning cycle was undone",
                $"{cycle.Deleted} deleted, {cycle.Updated} put back and {cycle.Created} created again in the target. Provisioning of this application "
                + "is Off until it is started again; its next cycle then reads the whole directory."));
        }

        if (cycle.Failed > 0)
        {
            var reasons = await TopReasonsAsync(db.ProvisioningLogs.Where(l => l.CycleId == cycle.Id && l.Status == ProvisioningLogStatus.Failure), TopReasonCount, ct);
            events.Add(Event(NotificationKinds.ObjectsFailed, NotificationSeverity.Warning, $"{"object".ToQuantity(cycle.Failed)} failed to provision",
                cycle.Kind == CycleKind.Undo ? "These changes of the cycle were not undone; undo the cycle again to retry them."
                    : "The failed objects are retried in later cycles with growing back-off.", cycle.Failed, reasons));
        }

        if (cycle.Held > 0)
        {
            events.Add(Event(NotificationKinds.DeletionThresholdHeld, NotificationSeverity.Warning, $"{"deletion".ToQuantity(cycle.Held)} held by the deletion threshold",
                $"More disables and deletes than the threshold ({job.DeletionThreshold}) were planned in one cycle. Review them, then allow or reject the held deletions.", cycle.Held));
        }

        if (!cycle.SourceComplete)
        {
            events.Add(Event(NotificationKinds.SourceReadIncomplete, NotificationSeverity.Warning, "Directory read incomplete: no accounts were disabled or deleted",
                "Part of the directory could not be read, so this cycle exported creates and updates only. The next cycle retries the read."));
        }

        return events;
    }

    /// <summary>The most common reasons among <paramref name="failures"/>, counted in the database.</summary>
    internal static async Task<IReadOnlyList<ErrorReason>> TopReasonsAsync(IQueryable<ProvisioningLogEntry> failures, int count, CancellationToken ct)
    {
        var groups = await failures
            .GroupBy(l => new { l.ErrorCode, l.ErrorReason, l.RecommendedAction })
            .Select(g => new { g.Key.ErrorCode, g.Key.ErrorReason, g.Key.RecommendedAction, Count = g.Count() })
            .OrderByDescending(g => g.Count)
            .Take(count)
            .ToListAsync(ct);
        return groups.Select(g => new ErrorReason(g.ErrorCode ?? "Unknown", g.ErrorReason ?? "", g.RecommendedAction, g.Count)).ToList();
    }
}
