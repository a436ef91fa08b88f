using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Data.Entities;
using Portal.Web.Audit;

namespace Portal.Web.Features.HelpDesk;

/// <summary>Open failures grouped by error reason, with the recommendation an admin can act on.</summary>
public sealed record FailureGroup(string ErrorCode, string? Reason, string? RecommendedAction, IReadOnlyList<FailureItem> Items);

public sealed record FailureItem(long LogId, Guid JobId, string ApplicationName, ObjectKind Kind, string SourceId, string? DisplayName, ProvisioningAction Action, DateTimeOffset At);

/// <summary>
/// The help desk's inbox across the tenant's apps: objects whose latest provisioning failed and nobody has reviewed. An
/// object leaves it when reviewed, or by itself when a later entry is not a failure (a retry or a later cycle succeeded,
/// or it left scope).
/// </summary>
public sealed class FailuresInbox(IDbContextFactory<PortalDbContext> dbFactory, AuditLog audit, TimeProvider clock)
{
    /// <summary>
    /// The latest entry of each object whose latest entry is an unreviewed failure: one per object, however many cycles
    /// it failed in. Log ids grow with time, so "latest" is the object's highest id in the job, found in the index on
    /// (source id, job, id); directory object ids are unique across users and groups, so the kind need not be compared.
    /// </summary>
    internal static IQueryable<ProvisioningLogEntry> OpenFailures(PortalDbContext db) =>
        db.ProvisioningLogs.Where(f => f.Status == ProvisioningLogStatus.Failure && f.ReviewedAt == null
            && !db.ProvisioningLogs.Any(e => e.SourceId == f.SourceId && e.JobId == f.JobId && e.Id > f.Id));

    public async Task<IReadOnlyList<FailureGroup>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await (
            from e in OpenFailures(db).AsNoTracking()
            join j in db.ProvisioningJobs on e.JobId equals j.Id
            select new { e.Id, e.JobId, App = j.Application!.DisplayName, e.IdentityType, e.SourceId, e.SourceDisplayName, e.Action, e.ActivityDateTime, e.ErrorCode, e.ErrorReason, e.RecommendedAction })
            .ToListAsync(cancellationToken);

        return rows
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
        return await OpenFailures(db).CountAsync(cancellationToken);
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
