using Hangfire;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Portal.Data.Entities;
using Portal.Data.Tenancy;
using Portal.Provisioning.Cycles;
using Portal.Web.Notifications;

namespace Portal.Web.Jobs;

/// <summary>
/// The Hangfire job of one provisioning cycle: ids in, engine call, notifications out. At most one cycle per job runs
/// across all nodes: the job takes a distributed lock on the shared storage and simply returns when another node holds
/// it (the trigger is coalesced into the running cycle). The engine owns retries, so Hangfire's are off.
/// </summary>
[AutomaticRetry(Attempts = 0)]
public sealed class ProvisioningCycleJob(
    ProvisioningEngine engine,
    JobStorage storage,
    TenantDbContexts contexts,
    CycleNotifications notifications,
    ProvisioningScheduler scheduler,
    ILogger<ProvisioningCycleJob> logger)
{
    /// <summary>How often a running cycle checks whether its job was switched Off.</summary>
    internal static TimeSpan StopCheckInterval { get; set; } = TimeSpan.FromSeconds(5);

    public async Task RunAsync(Guid tenantId, Guid jobId, CycleTrigger trigger, CancellationToken cancellationToken)
    {
        using var connection = storage.GetConnection();
        IDisposable lease;
        try
        {
            lease = connection.AcquireDistributedLock(CycleLock(jobId), TimeSpan.Zero);
        }
        catch (DistributedLockTimeoutException)
        {
            logger.LogInformation("A cycle of job {JobId} is already running; this {Trigger} trigger is coalesced into it", jobId, trigger);
            scheduler.AskAgain(jobId, trigger);

            return;
        }

        using (lease)
        {
            var before = await LoadJobAsync(tenantId, jobId, cancellationToken);
            // A job switched back to Manual keeps its settings but runs nothing, whatever queued the trigger.
            if (before is null || before.Mode != ProvisioningMode.Automatic || (trigger is CycleTrigger.Schedule or CycleTrigger.ChangeNotification or CycleTrigger.AssignmentChange && before.Status != ProvisioningStatus.On))
            {
                return;
            }

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            // Only a job that is On can be switched Off mid-cycle; "Sync now" of a job that is Off runs to its end.
            var watcher = before.Status == ProvisioningStatus.On ? WatchForStopAsync(tenantId, jobId, stop) : Task.CompletedTask;
            var result = await engine.RunCycleAsync(tenantId, jobId, Options(trigger), stop.Token);
            await stop.CancelAsync();
            await watcher;

            logger.LogInformation("Cycle {CycleId} of job {JobId} ended {Outcome}: {Created} created, {Updated} updated, {Disabled} disabled, {Deleted} deleted, {Failed} failed",
                result.CycleId, jobId, result.Outcome, result.Created, result.Updated, result.Disabled, result.Deleted, result.Failed);
            if (result.CycleId != Guid.Empty)
            {
                await notifications.RaiseAsync(tenantId, jobId, result.CycleId, before.Quarantine, CancellationToken.None);
            }

            if (result.Quarantine != before.Quarantine.Reason)
            {
                await scheduler.ApplyAsync(tenantId, jobId, CancellationToken.None);
            }
        }

        // After the lease is given back, so the cycle this queues can take it.
        scheduler.RunAgainIfAsked(tenantId, jobId);
    }

    /// <summary>How long an undo waits for the job's running cycle to stop after the job was switched Off.</summary>
    internal static TimeSpan UndoLockWait { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// An admin's undo of a cycle, under the same lock as the job's cycles: it waits for a running cycle, which stops
    /// within seconds once the job is switched Off (the undo's caller switches it Off first).
    /// </summary>
    public async Task UndoAsync(Guid tenantId, Guid jobId, Guid cycleId, CancellationToken cancellationToken)
    {
        using var connection = storage.GetConnection();
        IDisposable lease;
        try
        {
            lease = connection.AcquireDistributedLock(CycleLock(jobId), UndoLockWait);
        }
        catch (DistributedLockTimeoutException)
        {
            logger.LogWarning("The undo of cycle {CycleId} of job {JobId} did not start: a cycle of the job was still running", cycleId, jobId);
            await notifications.UndoNotStartedAsync(tenantId, jobId, CancellationToken.None);
            return;
        }

        using (lease)
        {
            var before = await LoadJobAsync(tenantId, jobId, cancellationToken);
            var result = await engine.UndoCycleAsync(tenantId, jobId, cycleId, cancellationToken);
            if (result.CycleId != Guid.Empty && before is not null)
            {
                await notifications.RaiseAsync(tenantId, jobId, result.CycleId, before.Quarantine, CancellationToken.None);
            }

            logger.LogInformation("Undo {UndoId} of cycle {CycleId} of job {JobId} ended {State}: {Deleted} deleted, {Updated} put back, {Skipped} left, {Failed} failed",
                result.CycleId, cycleId, jobId, result.State, result.Deleted, result.Updated, result.Skipped, result.Failed);
        }
    }

    // One lock per job across all nodes, held by its cycles and its undos alike.
    private static string CycleLock(Guid jobId) => $"provisioning:{jobId}:cycle";

    private static CycleOptions Options(CycleTrigger trigger) => trigger switch
    {
        CycleTrigger.SyncNow => new CycleOptions(IgnoreQuarantineSchedule: true, StartedBy: trigger.ToString()),
        CycleTrigger.AllowDeletes => new CycleOptions(AllowHeldDeletions: true, IgnoreQuarantineSchedule: true, StartedBy: trigger.ToString()),
        _ => CycleOptions.Scheduled with { StartedBy = trigger.ToString() },
    };

    private async Task<ProvisioningJob?> LoadJobAsync(Guid tenantId, Guid jobId, CancellationToken cancellationToken)
    {
        await using var db = contexts.For(tenantId);
        return await db.ProvisioningJobs.AsNoTracking().SingleOrDefaultAsync(j => j.Id == jobId, cancellationToken);
    }

    // Switching a job Off cancels its running cycle; the engine's crash safety makes a cancelled cycle safe to resume.
    private async Task WatchForStopAsync(Guid tenantId, Guid jobId, CancellationTokenSource stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(StopCheckInterval, stop.Token);
                var job = await LoadJobAsync(tenantId, jobId, stop.Token);
                if (job is not { Status: ProvisioningStatus.On })
                {
                    logger.LogInformation("Job {JobId} was switched Off; cancelling its running cycle", jobId);
                    await stop.CancelAsync();
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The cycle ended or was cancelled; either way the watch is over.
        }
    }
}
