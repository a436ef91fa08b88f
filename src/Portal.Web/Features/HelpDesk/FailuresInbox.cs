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
    /// <summary>The reason a failure is listed under when its entry names no error code.</summary>
    public const string UnknownReason = "Unknown";

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
            .GroupBy(r => r.ErrorCode ?? UnknownReason)
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

    /// <summary>The objects failing now, per job (jobs with none are absent): what monitoring alerts on.</summary>
    public async Task<IReadOnlyDictionary<Guid, int>> CountOpenByJobAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await OpenFailures(db).GroupBy(f => f.JobId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
    }

    /// <summary>
    /// Marks reviewed every object the inbox lists under the reason (after an outage, say, whose failures the next cycles
    /// retry anyway), with one audit entry naming the reason and how many; returns how many objects left the inbox.
    /// </summary>
    public async Task<int> MarkReasonReviewedAsync(string errorCode, string reviewer, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var listed = OpenFailures(db).Where(f => (f.ErrorCode ?? UnknownReason) == errorCode);
        // Counted, marked and audited in one transaction: all of it, or none.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var objects = await listed.CountAsync(cancellationToken);
        if (objects == 0)
        {
            return 0;
        }

        var now = clock.GetUtcNow();
        await db.ProvisioningLogs
            .Where(e => e.Status == ProvisioningLogStatus.Failure && e.ReviewedAt == null
                && listed.Any(f => f.JobId == e.JobId && f.SourceId == e.SourceId))
            .ExecuteUpdateAsync(set => set.SetProperty(e => e.ReviewedAt, now).SetProperty(e => e.ReviewedBy, reviewer), cancellationToken);
        audit.Record(db, AuditActivities.ReviewFailure, "FailureReason", errorCode,
            AuditChange.Of("ReviewedBy", null, reviewer), AuditChange.Of("Objects", null, objects.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return objects;
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
