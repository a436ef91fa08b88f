using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Data.Entities;

namespace Portal.Provisioning.Cycles;

/// <summary>
/// The cycle an undo would put back now — the job's latest cycle that changed the target and is not undone yet — with
/// its successful changes by action. <see cref="Retried"/>: an undo of it ran before and left some changes in place.
/// </summary>
public sealed record UndoPlan(Guid CycleId, DateTimeOffset StartedAt, int Creates, int Updates, int Disables, int Deletes, bool Retried)
{
    /// <summary>The log actions an undo looks at; a held or skipped object changed nothing.</summary>
    internal static readonly ProvisioningAction[] Undoable =
        [ProvisioningAction.Create, ProvisioningAction.Update, ProvisioningAction.Disable, ProvisioningAction.Delete];
}

public sealed partial class ProvisioningEngine
{
    /// <summary>
    /// Which cycle can be undone now, or null: cycles are undone newest first, one at a time, so what an undo puts back is
    /// always the state the target was in (provision on demand and repairs are not cycles of the schedule and do not
    /// count; the full read after an undo makes again what they did, if the directory still calls for it).
    /// </summary>
    public async Task<UndoPlan?> UndoPlanAsync(Guid tenantId, Guid jobId, CancellationToken cancellationToken)
    {
        await using var scope = Scope(tenantId, out var dbs);
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        return await PlanUndoAsync(db, jobId, cancellationToken);
    }

    /// <summary>
    /// Undoes <paramref name="cycleId"/>, which must be the cycle <see cref="UndoPlanAsync"/> names (see
    /// <see cref="CycleUndo"/>), and clears the job's watermark so its next cycle reads the whole directory. The caller
    /// holds the job's cycle lock and has switched the job Off, or its next cycle would make the same changes again.
    /// </summary>
    public async Task<CycleResult> UndoCycleAsync(Guid tenantId, Guid jobId, Guid cycleId, CancellationToken cancellationToken)
    {
        await using var scope = Scope(tenantId, out var dbs);
        var config = await LoadAsync(dbs, jobId, cancellationToken);
        Cycle undone;
        await using (var db = await dbs.CreateDbContextAsync(cancellationToken))
        {
            if ((await PlanUndoAsync(db, jobId, cancellationToken))?.CycleId != cycleId)
            {
                return new CycleResult(Guid.Empty, CycleKind.Undo, CycleOutcome.Aborted, CycleState.Failed, 0, 0, 0, 0, 0, 0, 0, true,
                    config.Job.Quarantine.Reason, NotUndoable, []);
            }

            undone = await db.Cycles.AsNoTracking().SingleAsync(c => c.Id == cycleId, cancellationToken);
        }

        return await WithTargetAsync(config, target =>
            new CycleUndo(dbs, config, target, options, time, writeMetrics, TargetSettings(config).MaxParallelism).RunAsync(undone, cancellationToken));
    }

    public const string NotUndoable =
        "Only the latest cycle that changed the target can be undone (then the one before it, and so on), while its provisioning logs are kept.";

    private static async Task<UndoPlan?> PlanUndoAsync(PortalDbContext db, Guid jobId, CancellationToken cancellationToken)
    {
        var latest = await db.Cycles.AsNoTracking()
            .Where(c => c.JobId == jobId && (c.Kind == CycleKind.Initial || c.Kind == CycleKind.Incremental) && c.State != CycleState.Running
                && c.UndoneBy == null && c.Created + c.Updated + c.Disabled + c.Deleted > 0)
            .OrderByDescending(c => c.StartedAt)
            .FirstOrDefaultAsync(cancellationToken);
        if (latest is null)
        {
            return null;
        }

        var counts = await db.ProvisioningLogs.AsNoTracking()
            .Where(e => e.CycleId == latest.Id && e.Status == ProvisioningLogStatus.Success && UndoPlan.Undoable.Contains(e.Action))
            .GroupBy(e => e.Action)
            .Select(g => new { Action = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Action, g => g.Count, cancellationToken);
        if (counts.Count == 0)
        {
            // Its entries are past the log retention: nothing says what it changed.
            return null;
        }

        return new UndoPlan(latest.Id, latest.StartedAt, counts.GetValueOrDefault(ProvisioningAction.Create), counts.GetValueOrDefault(ProvisioningAction.Update),
            counts.GetValueOrDefault(ProvisioningAction.Disable), counts.GetValueOrDefault(ProvisioningAction.Delete),
            await db.Cycles.AnyAsync(c => c.UndoOf == latest.Id, cancellationToken));
    }
}
