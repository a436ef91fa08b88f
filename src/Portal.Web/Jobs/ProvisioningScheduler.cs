using Hangfire;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Portal.Data.Entities;
using Portal.Data.Tenancy;
using Portal.Web.ChangeNotifications;

namespace Portal.Web.Jobs;

/// <summary>
/// Keeps Hangfire in step with the database, which is the truth for schedules: one recurring job
/// <c>provisioning:{jobId}</c> per job that is On, none for a job that is Off. Rebuilt at start-up, so the in-memory
/// storage of the embedded default loses nothing that matters.
/// </summary>
public sealed class ProvisioningScheduler(
    IRecurringJobManager recurring,
    IBackgroundJobClient jobs,
    JobStorage storage,
    TenantDbContexts contexts,
    ILogger<ProvisioningScheduler> logger,
    ChangeNotificationAddress? changeNotifications = null)
{
    private const string Prefix = "provisioning:";

    public static string RecurringId(Guid jobId) => Prefix + jobId;

    /// <summary>Registers, updates or removes the recurring job of one provisioning job; call after every settings change.</summary>
    public async Task ApplyAsync(Guid tenantId, Guid jobId, CancellationToken cancellationToken = default)
    {
        await using var db = contexts.For(tenantId);
        var job = await db.ProvisioningJobs.AsNoTracking().SingleOrDefaultAsync(j => j.Id == jobId, cancellationToken);
        Apply(tenantId, jobId, job);
    }

    /// <summary>Rebuilds every recurring job from the database and removes those of jobs that are gone or Off.</summary>
    public async Task RebuildAsync(CancellationToken cancellationToken = default)
    {
        await using var db = contexts.ForSystem();
        var all = await db.AcrossAllTenants<ProvisioningJob>().AsNoTracking().ToListAsync(cancellationToken);
        foreach (var job in all)
        {
            Apply(job.TenantId, job.Id, job);
        }

        var known = all.Where(IsScheduled).Select(j => RecurringId(j.Id)).ToHashSet();
        using var connection = storage.GetConnection();
        foreach (var stale in connection.GetRecurringJobs().Where(r => r.Id.StartsWith(Prefix, StringComparison.Ordinal) && !known.Contains(r.Id)))
        {
            recurring.RemoveIfExists(stale.Id);
        }

        logger.LogInformation("Provisioning schedule rebuilt: {Count} job(s) On", known.Count);
    }

    /// <summary>
    /// Runs a cycle now. Returns false when one is already queued or running for the job: a second trigger is
    /// coalesced, not queued twice. A change notification or Sync now that comes while a cycle runs may come after that
    /// cycle read the directory, so it is owed a cycle of its own, queued when the running one ends.
    /// </summary>
    public bool TriggerNow(Guid tenantId, Guid jobId, CycleTrigger trigger = CycleTrigger.SyncNow) => UnderMarker(jobId, (connection, marker) =>
    {
        if (connection.GetAllEntriesFromHash(marker) is { } entries && entries.GetValueOrDefault("jobId") is { } queued && IsPendingOrRunning(connection, queued))
        {
            if (connection.GetStateData(queued)?.Name == "Processing")
            {
                Owe(connection, marker, entries, trigger);
            }

            return false;
        }

        Enqueue(connection, marker, tenantId, jobId, trigger);
        return true;
    });

    /// <summary>
    /// Queues a cycle for a change of the application's assignments, once per change: the digest a cycle was last
    /// queued for is kept, so a change the cycle cannot commit (deletions the threshold holds) does not start a cycle
    /// at every check. False when this change was already acted on, or a cycle is already queued or running.
    /// </summary>
    public bool TriggerForAssignments(Guid tenantId, Guid jobId, string digest)
    {
        using (var connection = storage.GetConnection())
        {
            var key = $"{Prefix}{jobId}:assignments";
            if (connection.GetAllEntriesFromHash(key)?.GetValueOrDefault("digest") == digest)
            {
                return false;
            }

            connection.SetRangeInHash(key, [new KeyValuePair<string, string>("digest", digest)]);
        }

        return TriggerNow(tenantId, jobId, CycleTrigger.AssignmentChange);
    }

    /// <summary>A trigger that found the job's cycle lock taken (a scheduled cycle holds it): owed a cycle when that one ends.</summary>
    public void AskAgain(Guid jobId, CycleTrigger trigger) =>
        UnderMarker(jobId, (connection, marker) => Owe(connection, marker, connection.GetAllEntriesFromHash(marker), trigger));

    /// <summary>Called by a cycle as it ends: queues the cycle owed to a trigger that came meanwhile; true when it did.</summary>
    public bool RunAgainIfAsked(Guid tenantId, Guid jobId) => UnderMarker(jobId, (connection, marker) =>
    {
        if (!Enum.TryParse<CycleTrigger>(connection.GetAllEntriesFromHash(marker)?.GetValueOrDefault(Again), out var owed))
        {
            return false;
        }

        Enqueue(connection, marker, tenantId, jobId, owed);
        connection.SetRangeInHash(marker, [new KeyValuePair<string, string>(Again, "")]);
        return true;
    });

    /// <summary>Queues an admin's undo of a cycle; it runs under the job's cycle lock, after any cycle still running.</summary>
    public void Undo(Guid tenantId, Guid jobId, Guid cycleId) =>
        jobs.Enqueue<ProvisioningCycleJob>(c => c.UndoAsync(tenantId, jobId, cycleId, CancellationToken.None));

    private const string Again = "again";

    // Only a change in the directory (notified or watched) or Sync now is owed a cycle (the schedule comes again by itself, and Allow deletes is
    // refused while a cycle runs); Sync now's wins, as it runs whatever the job's status and quarantine. An empty value
    // is "nothing owed": a storage connection sets hash fields but cannot remove one. True, for the callers' lambdas.
    private static bool Owe(IStorageConnection connection, string marker, Dictionary<string, string>? entries, CycleTrigger trigger)
    {
        if (trigger is CycleTrigger.ChangeNotification or CycleTrigger.AssignmentChange or CycleTrigger.SyncNow && entries?.GetValueOrDefault(Again) != nameof(CycleTrigger.SyncNow))
        {
            connection.SetRangeInHash(marker, [new KeyValuePair<string, string>(Again, trigger.ToString())]);
        }

        return true;
    }

    // Each job's marker hash names its queued cycle (and whether a notified change is owed one more); it is read and
    // written only under its lock, on every node.
    private T UnderMarker<T>(Guid jobId, Func<IStorageConnection, string, T> work)
    {
        using var connection = storage.GetConnection();
        var marker = $"{Prefix}{jobId}:queued";
        using (connection.AcquireDistributedLock(marker + ":lock", TimeSpan.FromSeconds(10)))
        {
            return work(connection, marker);
        }
    }

    private void Enqueue(IStorageConnection connection, string marker, Guid tenantId, Guid jobId, CycleTrigger trigger)
    {
        var id = jobs.Enqueue<ProvisioningCycleJob>(c => c.RunAsync(tenantId, jobId, trigger, CancellationToken.None));
        connection.SetRangeInHash(marker, [new KeyValuePair<string, string>("jobId", id)]);
    }

    /// <summary>Subscribes the tenant to Graph's change notifications in the background, when they are on.</summary>
    public void SubscribeToChanges(Guid tenantId)
    {
        if (changeNotifications?.Resolve() is not null)
        {
            jobs.Enqueue<ChangeSubscriptionJob>(j => j.RunForTenantAsync(tenantId, CancellationToken.None));
        }
    }

    /// <summary>
    /// When each job's next scheduled cycle runs, as Hangfire will run it (the quarantine's slower schedule included);
    /// a job that is Off has none. Read from the schedule itself, so it cannot drift from what will happen.
    /// </summary>
    public IReadOnlyDictionary<Guid, DateTimeOffset> NextCycles(IReadOnlyCollection<Guid> jobIds)
    {
        if (jobIds.Count == 0)
        {
            return new Dictionary<Guid, DateTimeOffset>();
        }

        using var connection = storage.GetConnection();
        return connection.GetRecurringJobs(jobIds.Select(RecurringId))
            .Where(r => r.NextExecution is not null && Guid.TryParse(r.Id.AsSpan(Prefix.Length), out _))
            .ToDictionary(r => Guid.Parse(r.Id.AsSpan(Prefix.Length)), r => new DateTimeOffset(DateTime.SpecifyKind(r.NextExecution!.Value, DateTimeKind.Utc)));
    }

    // Two missed heartbeats (Hangfire beats every 30 s): the node is gone, or too stalled to count as running anything.
    private static readonly TimeSpan ServerSilence = TimeSpan.FromMinutes(1);

    private bool IsPendingOrRunning(IStorageConnection connection, string backgroundJobId)
    {
        var state = connection.GetStateData(backgroundJobId);
        return state?.Name switch
        {
            "Enqueued" or "Scheduled" or "Awaiting" => true,
            // A cycle whose node stopped stays Processing until the storage gives it up (half an hour by default); a new
            // trigger is not held back by it. The engine's cycle heartbeat still keeps two cycles of a job apart.
            "Processing" => state.Data.TryGetValue("ServerId", out var server) && IsBeating(server),
            _ => false,
        };
    }

    private bool IsBeating(string serverId) =>
        storage.GetMonitoringApi().Servers().Any(s => s.Name == serverId && s.Heartbeat > DateTime.UtcNow - ServerSilence);

    private void Apply(Guid tenantId, Guid jobId, ProvisioningJob? job)
    {
        if (job is not null && IsScheduled(job))
        {
            recurring.AddOrUpdate<ProvisioningCycleJob>(
                RecurringId(jobId),
                c => c.RunAsync(tenantId, jobId, CycleTrigger.Schedule, CancellationToken.None),
                ScheduleIntervals.CronFor(job),
                new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
        }
        else
        {
            recurring.RemoveIfExists(RecurringId(jobId));
        }
    }

    private static bool IsScheduled(ProvisioningJob job) => job is { Status: ProvisioningStatus.On, Mode: ProvisioningMode.Automatic };
}
