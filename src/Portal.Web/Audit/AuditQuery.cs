using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Data.Entities;

namespace Portal.Web.Audit;

/// <summary>Filters of the audit page; null means "any".</summary>
public sealed record AuditFilter(DateTimeOffset? From = null, DateTimeOffset? To = null, string? Actor = null, string? Activity = null);

/// <summary>One page of audit entries, the total that matched and, per entry id, its target's current name.</summary>
public sealed record AuditPage(IReadOnlyList<AuditEvent> Items, int TotalCount, IReadOnlyDictionary<long, string> TargetNames);

/// <summary>Reads the current tenant's audit log (the tenant filter applies), newest first, filtered and paged in SQL.</summary>
public sealed class AuditQuery(IDbContextFactory<PortalDbContext> dbFactory)
{
    public const int MaxPageSize = 500;

    public async Task<AuditPage> ReadAsync(AuditFilter filter, int skip, int take, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.AuditEvents.AsNoTracking();
        if (filter.From is { } from)
        {
            query = query.Where(e => e.OccurredAt >= from);
        }

        if (filter.To is { } to)
        {
            query = query.Where(e => e.OccurredAt < to);
        }

        if (!string.IsNullOrWhiteSpace(filter.Actor))
        {
            var actor = filter.Actor.Trim();
            query = query.Where(e => e.ActorId == actor || (e.ActorName != null && e.ActorName.Contains(actor)));
        }

        if (!string.IsNullOrWhiteSpace(filter.Activity))
        {
            query = query.Where(e => e.Activity == filter.Activity);
        }

        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id)
            .Skip(Math.Max(0, skip)).Take(Math.Clamp(take, 1, MaxPageSize)).ToListAsync(ct);
        return new AuditPage(items, total, await AuditTargetNames.ResolveAsync(db, items, ct));
    }

    /// <summary>The distinct activities of this tenant, for the filter's choices.</summary>
    public async Task<IReadOnlyList<string>> ActivitiesAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.AuditEvents.Select(e => e.Activity).Distinct().OrderBy(a => a).ToListAsync(ct);
    }
}
