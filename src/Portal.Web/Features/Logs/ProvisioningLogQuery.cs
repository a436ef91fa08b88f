using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Data.Entities;

namespace Portal.Web.Features.Logs;

/// <summary>A page of the provisioning log: the rows and the filtered total.</summary>
public sealed record LogPage(IReadOnlyList<ProvisioningLogEntry> Items, int TotalItems);

/// <summary>Filters, sorts and pages the provisioning log in SQL; the exports stream the same filtered query.</summary>
public sealed class ProvisioningLogQuery(IDbContextFactory<PortalDbContext> dbFactory)
{
    // Grid column → key; mapped once so the grid's sort reaches ORDER BY without a switch per page.
    private static readonly Dictionary<string, Expression<Func<ProvisioningLogEntry, object>>> SortKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        [nameof(ProvisioningLogEntry.ActivityDateTime)] = e => e.ActivityDateTime,
        [nameof(ProvisioningLogEntry.SourceDisplayName)] = e => e.SourceDisplayName!,
        [nameof(ProvisioningLogEntry.Action)] = e => e.Action,
        [nameof(ProvisioningLogEntry.Status)] = e => e.Status,
        [nameof(ProvisioningLogEntry.IdentityType)] = e => e.IdentityType,
        [nameof(ProvisioningLogEntry.DurationInMilliseconds)] = e => e.DurationInMilliseconds,
    };

    public async Task<LogPage> PageAsync(LogFilter filter, int page, int pageSize, string? sortBy, bool descending, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = Apply(db.ProvisioningLogs.AsNoTracking(), filter);
        var total = await query.CountAsync(cancellationToken);
        var key = sortBy is not null && SortKeys.TryGetValue(sortBy, out var k) ? k : SortKeys[nameof(ProvisioningLogEntry.ActivityDateTime)];
        var descendingOrDefault = sortBy is null || descending;
        var ordered = descendingOrDefault ? query.OrderByDescending(key) : query.OrderBy(key);
        var items = await ordered.ThenByDescending(e => e.Id).Skip(page * pageSize).Take(pageSize).Select(LogListColumns.Select).ToListAsync(cancellationToken);
        return new LogPage(items, total);
    }

    /// <summary>Every row of the filtered log, oldest first, streamed from the database (no row cap, no buffering).</summary>
    public async IAsyncEnumerable<ProvisioningLogEntry> StreamAsync(LogFilter filter, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = Apply(db.ProvisioningLogs.AsNoTracking(), filter).OrderBy(e => e.ActivityDateTime).ThenBy(e => e.Id);
        await foreach (var entry in query.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            yield return entry;
        }
    }

    public static IQueryable<ProvisioningLogEntry> Apply(IQueryable<ProvisioningLogEntry> query, LogFilter filter)
    {
        if (filter.From is { } from) { query = query.Where(e => e.ActivityDateTime >= from); }
        if (filter.To is { } to) { query = query.Where(e => e.ActivityDateTime <= to); }
        if (filter.Action is { } action) { query = query.Where(e => e.Action == action); }
        if (filter.Status is { } status) { query = query.Where(e => e.Status == status); }
        if (filter.CycleId is { } cycle) { query = query.Where(e => e.CycleId == cycle); }
        if (filter.JobId is { } job) { query = query.Where(e => e.JobId == job); }
        if (!string.IsNullOrWhiteSpace(filter.Identity))
        {
            var text = filter.Identity.Trim();
            query = query.Where(e => e.SourceId == text || e.TargetId == text
                || (e.SourceDisplayName != null && e.SourceDisplayName.Contains(text))
                || (e.TargetDisplayName != null && e.TargetDisplayName.Contains(text)));
        }

        return query;
    }
}
