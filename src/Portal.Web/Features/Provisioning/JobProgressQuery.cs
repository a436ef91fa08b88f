using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Data.Entities;
using Portal.Web.Jobs;

namespace Portal.Web.Features.Provisioning;

/// <summary>
/// What the app's Overview tab shows: the current cycle, the ended ones newest first (<see cref="JobProgressQuery.HistoryLength"/>
/// of them; dry runs and on-demand runs have their own tabs), the schedule and the quarantine.
/// </summary>
/// <remarks>ChangesNotifiedUntil: while Graph's change notifications run, a change in the directory starts a cycle before the next one.</remarks>
public sealed record JobProgress(
    ProvisioningJob Job, Cycle? Current, IReadOnlyList<Cycle> Ended, int LinkedUsers, int LinkedGroups, DateTimeOffset? NextCycleAt,
    DateTimeOffset? ChangesNotifiedUntil = null)
{
    public Cycle? LastCompleted => Ended.Count > 0 ? Ended[0] : null;
}

public sealed class JobProgressQuery(IDbContextFactory<PortalDbContext> dbFactory, ProvisioningScheduler? scheduler = null)
{
    /// <summary>Ended cycles the Overview tab lists: about eight hours at the default 20-minute interval; the changes of
    /// older cycles stay in the provisioning logs.</summary>
    public const int HistoryLength = 25;

    public async Task<JobProgress?> LoadAsync(Guid jobId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var job = await db.ProvisioningJobs.AsNoTracking().Include(j => j.Application).FirstOrDefaultAsync(j => j.Id == jobId, cancellationToken);
        if (job is null)
        {
            return null;
        }

        var cycles = db.Cycles.AsNoTracking().Where(c => c.JobId == jobId && c.Kind != CycleKind.DryRun && c.Kind != CycleKind.OnDemand);
        var current = await cycles.Where(c => c.State == CycleState.Running).OrderByDescending(c => c.StartedAt).FirstOrDefaultAsync(cancellationToken);
        var ended = await cycles.Where(c => c.State != CycleState.Running).OrderByDescending(c => c.StartedAt).Take(HistoryLength).ToListAsync(cancellationToken);
        // A link without a target id only remembers an object the job saw and did not provision (out of scope, skipped).
        var links = await db.LinkedObjects.Where(l => l.JobId == jobId && l.State != LinkState.Deleted && l.TargetId != null)
            .GroupBy(l => l.Kind).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        return new JobProgress(job, current, ended,
            links.FirstOrDefault(l => l.Key == ObjectKind.User)?.Count ?? 0,
            links.FirstOrDefault(l => l.Key == ObjectKind.Group)?.Count ?? 0,
            scheduler is not null && scheduler.NextCycles([jobId]).TryGetValue(jobId, out var next) ? next : null,
            (await db.Tenants.AsNoTracking().Where(t => t.Id == job.TenantId).Select(t => t.Directory.ChangesSubscribedUntil).FirstOrDefaultAsync(cancellationToken)));
    }
}
