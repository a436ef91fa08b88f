using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Data.Entities;
using Portal.Data.Secrets;
using Portal.Data.Tenancy;
using Portal.Provisioning.Mapping;
using Portal.Provisioning.Planning;
using Portal.Provisioning.Source;
using Portal.Provisioning.Targets;

namespace Portal.Provisioning.Cycles;

/// <summary>
/// The engine's entry points, called by ids from Hangfire jobs, the web UI and the CLI. Each call works in its own
/// DI scope whose tenant context is the given tenant, so every query and write stays inside that tenant.
/// At most one cycle per job may run at a time; the caller holds that lock (Hangfire's DisableConcurrentExecution).
/// </summary>
public sealed partial class ProvisioningEngine(
    IServiceScopeFactory scopes,
    IDirectorySourceFactory sources,
    ITargetConnectorFactory targets,
    SecretProtector secrets,
    IMappingExpressionEvaluator expressions,
    TimeProvider time,
    EngineOptions options,
    CycleWriteMetrics writeMetrics)
{
    public const int OnDemandMaxMembers = 5;

    /// <summary>Users provisioned on demand at once (Entra takes one).</summary>
    public const int OnDemandMaxUsers = 10;

    /// <summary>Runs one cycle: initial when the job has no watermark, incremental otherwise.</summary>
    public async Task<CycleResult> RunCycleAsync(Guid tenantId, Guid jobId, CycleOptions cycleOptions, CancellationToken cancellationToken)
    {
        await using var scope = Scope(tenantId, out var dbs);
        var config = await LoadAsync(dbs, jobId, cancellationToken);
        if (cycleOptions.Draft is { } draft)
        {
            config = config.WithDraft(draft, cycleOptions.DryRun);
        }

        var quarantine = config.Job.Quarantine;
        if (!cycleOptions.IgnoreQuarantineSchedule && !cycleOptions.DryRun && quarantine.Reason != QuarantineReason.None
            && quarantine.NextAttempt is { } next && next > time.GetUtcNow())
        {
            return new CycleResult(Guid.Empty, CycleKind.Incremental, CycleOutcome.NotDue, CycleState.Cancelled, 0, 0, 0, 0, 0, 0, 0, true,
                quarantine.Reason, $"Quarantined ({quarantine.Reason}); next attempt at {next:u}.", []);
        }

        return await WithConnectorsAsync(config, (source, target) =>
            Runner(dbs, config, source, target).RunAsync(cycleOptions, cancellationToken));
    }

    /// <summary>
    /// Plans a whole cycle — threshold and quarantine checks included — and writes nothing to the target; with
    /// <paramref name="draft"/>, as those settings (edited, not saved) would have it.
    /// </summary>
    public Task<CycleResult> DryRunAsync(Guid tenantId, Guid jobId, CancellationToken cancellationToken, JobDraft? draft = null) =>
        RunCycleAsync(tenantId, jobId, new CycleOptions(DryRun: true, Draft: draft), cancellationToken);

    /// <summary>The admin's "Allow deletes": runs a cycle that exports the disables and deletes the threshold held.</summary>
    public Task<CycleResult> AllowHeldDeletionsAsync(Guid tenantId, Guid jobId, CancellationToken cancellationToken) =>
        RunCycleAsync(tenantId, jobId, new CycleOptions(AllowHeldDeletions: true, IgnoreQuarantineSchedule: true), cancellationToken);

    /// <summary>
    /// Restart (reference §1.13): lifts the quarantine and clears what <paramref name="reset"/> names — by default the
    /// watermark and the escrows, so the next cycle is an initial one; with the connector data store the links go too
    /// and objects are matched again.
    /// </summary>
    public async Task RestartAsync(Guid tenantId, Guid jobId, RestartScope reset, CancellationToken cancellationToken)
    {
        await using var scope = Scope(tenantId, out var dbs);
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var job = await db.ProvisioningJobs.SingleOrDefaultAsync(j => j.Id == jobId, cancellationToken) ?? throw new ProvisioningJobNotFoundException(jobId);
        QuarantineTransition.Apply(job, QuarantineReason.None, null, time.GetUtcNow(), options);
        if (reset.HasFlag(RestartScope.Watermark))
        {
            job.Watermark.UsersDeltaLink = null;
            job.Watermark.GroupsDeltaLink = null;
            job.Watermark.CommittedAt = null;
            job.StatusCode = JobStatusCode.NotRun;
        }

        if (reset.HasFlag(RestartScope.Escrows))
        {
            await db.EscrowEntries.Where(e => e.JobId == jobId).ExecuteDeleteAsync(cancellationToken);
        }

        if (reset.HasFlag(RestartScope.ConnectorDataStore))
        {
            await db.LinkedObjects.Where(l => l.JobId == jobId).ExecuteDeleteAsync(cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// Provision on demand: one user, or one group with up to five members (the given ones, else its first five),
    /// run at once with every step recorded; it also writes links and provisioning logs like a cycle. With
    /// <paramref name="preview"/>, every step up to the export runs (the target is read to match) and nothing is
    /// written anywhere: what provisioning them would do, and why an object is left alone.
    /// </summary>
    public async Task<OnDemandResult> ProvisionOnDemandAsync(Guid tenantId, Guid jobId, ObjectKind kind, string sourceId,
        IReadOnlyList<string>? memberIds, CancellationToken cancellationToken, bool preview = false)
    {
        if (memberIds is { Count: > OnDemandMaxMembers })
        {
            throw new ArgumentException($"Provision on demand takes at most {OnDemandMaxMembers} group members; {memberIds.Count} were given.", nameof(memberIds));
        }

        await using var scope = Scope(tenantId, out var dbs);
        var config = await LoadAsync(dbs, jobId, cancellationToken);
        return await WithConnectorsAsync(config, async (source, target) =>
        {
            var focus = new List<(ObjectKind, string)> { (kind, sourceId) };
            if (kind == ObjectKind.Group)
            {
                // Without a choice, the group's first five users: a nested group among its members is passed over.
                var members = memberIds ?? (await source.GroupUsersAsync(sourceId, config.Query(full: true, expressions), OnDemandMaxMembers, cancellationToken))
                    .Users.Select(u => u.Id).ToList();
                focus.AddRange(members.Select(m => (ObjectKind.User, m)));
            }

            return await RunFocusedAsync(dbs, config, source, target, focus, preview, cancellationToken);
        });
    }

    /// <summary>
    /// Provision on demand for several objects at once (at most <see cref="MaxRepairObjects"/>): the users an admin chose,
    /// or the help desk's retry of the objects failing with one reason once its cause is fixed, without waiting for their
    /// escrow's back-off. With <paramref name="preview"/>, nothing is written, as above.
    /// </summary>
    public async Task<OnDemandResult> ProvisionObjectsAsync(Guid tenantId, Guid jobId, IReadOnlyList<(ObjectKind Kind, string SourceId)> objects,
        CancellationToken cancellationToken, bool preview = false)
    {
        if (objects.Count is 0 or > MaxRepairObjects)
        {
            throw new ArgumentException($"Provision on demand takes 1 to {MaxRepairObjects} objects at a time; {objects.Count} were given.", nameof(objects));
        }

        await using var scope = Scope(tenantId, out var dbs);
        var config = await LoadAsync(dbs, jobId, cancellationToken);
        return await WithConnectorsAsync(config, (source, target) => RunFocusedAsync(dbs, config, source, target, objects, preview, cancellationToken));
    }

    private async Task<OnDemandResult> RunFocusedAsync(IDbContextFactory<PortalDbContext> dbs, JobConfiguration config, IDirectorySource source,
        ITargetConnector target, IReadOnlyCollection<(ObjectKind, string)> focus, bool preview, CancellationToken cancellationToken)
    {
        var runner = Runner(dbs, config, source, target);
        var cycle = await runner.RunAsync(preview ? new CycleOptions(DryRun: true) : CycleOptions.Scheduled, cancellationToken, focus);
        var objects = runner.FocusResults.Select(AsOnDemand).OrderBy(o => o.Kind).ThenBy(o => o.SourceId, StringComparer.Ordinal).ToList();
        var result = objects.Any(o => o.Status == ProvisioningLogStatus.Failure) || cycle.Outcome != CycleOutcome.Completed ? "Failure"
            : objects.All(o => o.Status == ProvisioningLogStatus.Skipped) ? "Skipped" : "Success";
        return new OnDemandResult(cycle.CycleId, result, objects);
    }

    /// <summary>
    /// Deletes provisioning log entries older than the retention (default 90 days), and the dry runs and previews begun
    /// before it (a row each, nothing else refers to them); returns how many log entries.
    /// </summary>
    public async Task<int> PurgeLogsAsync(Guid tenantId, TimeSpan? retention, CancellationToken cancellationToken)
    {
        await using var scope = Scope(tenantId, out var dbs);
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var cutoff = time.GetUtcNow() - (retention ?? options.LogRetention);
        await db.Cycles.Where(c => c.Kind == CycleKind.DryRun && c.StartedAt < cutoff).ExecuteDeleteAsync(cancellationToken);
        return await db.ProvisioningLogs.Where(e => e.ActivityDateTime < cutoff).ExecuteDeleteAsync(cancellationToken);
    }

    private AsyncServiceScope Scope(Guid tenantId, out IDbContextFactory<PortalDbContext> dbs)
    {
        var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().TenantId = tenantId;
        dbs = scope.ServiceProvider.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        return scope;
    }

    private static async Task<JobConfiguration> LoadAsync(IDbContextFactory<PortalDbContext> dbs, Guid jobId, CancellationToken cancellationToken)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        return await JobConfiguration.LoadAsync(db, jobId, cancellationToken);
    }

    private CycleRunner Runner(IDbContextFactory<PortalDbContext> dbs, JobConfiguration config, IDirectorySource source, ITargetConnector target) =>
        new(dbs, config, source, target, expressions, options, time, writeMetrics, TargetSettings(config).MaxParallelism);

    private async Task<T> WithConnectorsAsync<T>(JobConfiguration config, Func<IDirectorySource, ITargetConnector, Task<T>> run)
    {
        var directory = config.Tenant.Directory;
        if (directory.ClientId is null || directory.ClientSecret is null || config.Job.Target.BaseUrl is null)
        {
            throw new InvalidOperationException(
                "The job is not configured: the tenant's Graph connection (client ID and secret, under Directory connection) and the target's Tenant URL are required.");
        }

        return await WithTargetAsync(config, target => WithSourceAsync(config, source => run(source, target)));
    }

    private async Task<T> WithSourceAsync<T>(JobConfiguration config, Func<IDirectorySource, Task<T>> run)
    {
        var directory = config.Tenant.Directory;
        if (directory.ClientId is null || directory.ClientSecret is null)
        {
            throw new InvalidOperationException("The job is not configured: the tenant's Graph connection (client ID and secret, under Directory connection) is required.");
        }

        var source = sources.Create(DirectorySourceSettings.Of(config.Tenant.DirectoryId, directory, secrets.Unprotect(directory.ClientSecret)));
        try
        {
            return await run(source);
        }
        finally
        {
            await ConnectorLifetime.DisposeAsync(source);
        }
    }

    private async Task<T> WithTargetAsync<T>(JobConfiguration config, Func<ITargetConnector, Task<T>> run)
    {
        if (config.Job.Target.BaseUrl is null)
        {
            throw new InvalidOperationException("The job is not configured: the target's Tenant URL is required.");
        }

        return await targets.UseAsync(TargetSettings(config), run);
    }

    private TargetConnectorSettings TargetSettings(JobConfiguration config)
    {
        var target = config.Job.Target;
        return TargetConnectorSettings.Of(target, target.Secret is null ? null : secrets.Unprotect(target.Secret), options.AllowPrivateNetworkTargets,
            options.TargetRequestsPerSecond);
    }

    private static OnDemandObject AsOnDemand(ObjectResult r) => new(
        r.Change.Kind, r.Change.SourceId, r.Change.DisplayName, r.Change.LogAction,
        r.Failed ? ProvisioningLogStatus.Failure : r.Change.Action == ChangeAction.Skip ? ProvisioningLogStatus.Skipped : ProvisioningLogStatus.Success,
        r.TargetId, r.Steps, r.Change.Modified, r.Change.Reason, r.ErrorCode, r.RecommendedAction);
}
