using System.Data.Common;
using Humanizer;
using Microsoft.EntityFrameworkCore;
using Portal.Data.Entities;

namespace Portal.Provisioning.Cycles;

/// <summary>
/// A cycle's signs of life: a heartbeat while it runs, and on start the clean-up of cycles of the same job that were
/// left Running by a node that died (killed, crashed, cut off from the database). Such a cycle lost nothing that
/// matters — links are written as exports succeed and the watermark only at a cycle's end — but it must not look as if
/// it were still running.
/// </summary>
internal sealed partial class CycleRunner
{
    private async Task AbandonDeadCyclesAsync(Cycle current, bool holdsJobLock, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var running = await db.Cycles.Where(c => c.JobId == config.Job.Id && c.State == CycleState.Running && c.Id != current.Id).ToListAsync(cancellationToken);
        var dead = running.Where(c => holdsJobLock || (c.HeartbeatAt ?? c.StartedAt) < now - options.CycleAbandonedAfter).ToList();
        foreach (var cycle in dead)
        {
            var lastSign = cycle.HeartbeatAt ?? cycle.StartedAt;
            cycle.State = CycleState.Abandoned;
            cycle.EndedAt = now;
            cycle.Error = $"Abandoned: node '{cycle.Node}' stopped while running this cycle (last sign of life {lastSign:u}; "
                + (holdsJobLock ? "it no longer holds the job's lock" : $"no heartbeat for {options.CycleAbandonedAfter.TotalMinutes:0.#} min")
                + "): the process was killed or crashed, or lost its database. Nothing exported is lost and the watermark was not advanced; "
                + $"cycle {current.Id} reads again from the last committed watermark and matches accounts created before the stop. "
                + "If this repeats, check that node's logs, memory and restarts.";
        }

        if (dead.Count > 0)
        {
            db.Notifications.Add(new Notification
            {
                JobId = config.Job.Id, Kind = "CycleAbandoned", Severity = NotificationSeverity.Warning,
                Title = $"{"provisioning cycle".ToQuantity(dead.Count)} stopped without ending",
                Body = dead[0].Error!, CreatedAt = now,
            });
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    private async Task BeatAsync(Guid cycleId, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.CycleHeartbeatInterval, time, cancellationToken);
                var now = time.GetUtcNow();
                await using var db = await dbs.CreateDbContextAsync(cancellationToken);
                await db.Cycles.Where(c => c.Id == cycleId && c.State == CycleState.Running)
                    .ExecuteUpdateAsync(s => s.SetProperty(c => c.HeartbeatAt, now), cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (DatabaseFailure.Is(e))
            {
                // The database is away: the cycle fails on its next write; keep beating in case it comes back.
            }
        }
    }
}

/// <summary>Recognises a failure of the portal's own database, however the provider or EF Core wrapped it.</summary>
internal static class DatabaseFailure
{
    public static bool Is(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is DbException or DbUpdateException)
            {
                return true;
            }
        }

        return false;
    }
}
