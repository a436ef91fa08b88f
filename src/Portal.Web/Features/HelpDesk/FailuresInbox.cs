using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Data.Entities;
using Portal.Web.Audit;

namespace Portal.Web.Features.HelpDesk;

/// <summary>Open failures grouped by error reason, with the recommendation an admin can act on.</summary>
public sealed record FailureGroup(string ErrorCode, string? Reason, string? RecommendedAction, IReadOnlyList<FailureItem> Items);

public sealed record FailureItem(long LogId, Guid JobId, string ApplicationName, ObjectKind Kind, string SourceId, string? DisplayName, ProvisioningAction Action, DateTimeOffset At);

/// <summary>The help desk's inbox across the tenant's apps: unreviewed failures of the provisioning log.</summary>
public sealed class FailuresInbox(IDbContextFactory<PortalDbContext> dbFactory, AuditLog audit, TimeProvider clock)
{
    public async Task<IReadOnlyList<FailureGroup>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await (
            from e in db.ProvisioningLogs.AsNoTracking()
            where e.Status == ProvisioningLogStatus.Failure && e.ReviewedAt == null
            join j in db.ProvisioningJobs on e.JobId equals j.Id
            select new { e.Id, e.JobId, App = j.Application!.DisplayName, e.IdentityType, e.SourceId, e.SourceDisplayName, e.Action, e.ActivityDateTime, e.ErrorCode, e.ErrorReason, e.RecommendedAction })
            .ToListAsync(cancellationToken);

        // The latest failure of an object speaks for it: an object failing every cycle appears once.
        return rows
            .GroupBy(r => (r.JobId, r.IdentityType, r.SourceId)).Select(g => g.MaxBy(r => r.ActivityDateTime)!)
            .GroupBy(r => r.ErrorCode ?? "Unknown")
            .Select(g => new FailureGroup(g.Key, g.First().ErrorReason, g.First().RecommendedAction,
                g.OrderByDescending(r => r.ActivityDateTime)
                    .Select(r => new FailureItem(r.Id, r.JobId, r.App, r.IdentityType, r.SourceId, r.SourceDisplayName, r.Action, r.ActivityDateTime))
                    .ToList()))
            .OrderByDescending(g => g.Items.Count).ThenBy(g => g.ErrorCode, StringComparer.Ordinal)
            .ToList();
    }

    public async Task<int> CountOpenAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.ProvisioningLogs.Where(e => e.Status == ProvisioningLogStatus.Failure && e.ReviewedAt == null)
            .Select(e => new { e.JobId, e.SourceId }).Distinct().CountAsync(cancellationToken);
    }

    /// <summary>Marks every open failure of the object reviewed (it leaves the inbox until it fails again).</summary>
    public async Task MarkReviewedAsync(FailureItem item, string reviewer, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var open = await db.ProvisioningLogs
            .Where(e => e.JobId == item.JobId && e.SourceId == item.SourceId && e.Status == ProvisioningLogStatus.Failure && e.ReviewedAt == null)
            .ToListAsync(cancellationToken);
        if (open.Count == 0)
        {
            // Already reviewed, or not an object of this tenant: nothing to mark and nothing to record.
            return;
        }

        foreach (var entry in open)
        {
            entry.ReviewedAt = now;
            entry.ReviewedBy = reviewer;
        }

        audit.Record(db, AuditActivities.ReviewFailure, nameof(ProvisioningLogEntry), item.LogId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            AuditChange.Of("ReviewedBy", null, reviewer));
        await db.SaveChangesAsync(cancellationToken);
    }
}
