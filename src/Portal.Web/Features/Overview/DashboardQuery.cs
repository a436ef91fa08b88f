using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Data.Entities;
using Portal.Web.Features.HelpDesk;

namespace Portal.Web.Features.Overview;

/// <summary>Creates, updates, disables and failures of one day, summed over the tenant's cycles (on demand included).</summary>
public sealed record DailyCounts(DateOnly Day, int Created, int Updated, int Disabled, int Failed);

/// <summary>The dashboard's numbers: counts per day over the last <c>days</c> days and the open failures.</summary>
/// <remarks><paramref name="ClientSecretExpiresAt"/>: when the directory connection's client secret ends, as last read.</remarks>
public sealed record DashboardCounts(IReadOnlyList<DailyCounts> Days, int OpenFailures, int RunningCycles, DateTimeOffset? ClientSecretExpiresAt = null);

public sealed class DashboardQuery(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock)
{
    public async Task<DashboardCounts> LoadAsync(int days = 14, CancellationToken cancellationToken = default)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var since = new DateTimeOffset(today.AddDays(1 - days).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // A dry run's counts are what it would have done: nothing happened, so it is not a change of the day.
        var cycles = await db.Cycles.AsNoTracking().Where(c => c.StartedAt >= since && c.Kind != CycleKind.DryRun)
            .Select(c => new { c.StartedAt, c.Created, c.Updated, c.Disabled, c.Failed, c.State }).ToListAsync(cancellationToken);
        var openFailures = await FailuresInbox.OpenFailures(db).CountAsync(cancellationToken);

        var perDay = Enumerable.Range(0, days).Select(i => today.AddDays(i - days + 1)).Select(day =>
        {
            var of = cycles.Where(c => DateOnly.FromDateTime(c.StartedAt.UtcDateTime) == day).ToList();
            return new DailyCounts(day, of.Sum(c => c.Created), of.Sum(c => c.Updated), of.Sum(c => c.Disabled), of.Sum(c => c.Failed));
        }).ToList();
        var secretEnds = await db.Tenants.AsNoTracking().Where(t => t.Id == db.TenantId)
            .Select(t => t.Directory.ClientSecretExpiresAt).SingleOrDefaultAsync(cancellationToken);
        return new DashboardCounts(perDay, openFailures, cycles.Count(c => c.State == CycleState.Running), secretEnds);
    }
}
