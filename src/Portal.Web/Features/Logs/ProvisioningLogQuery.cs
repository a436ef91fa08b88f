using System.Diagnostics;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Data.Entities;

namespace Portal.Web.Features.Logs;

/// <summary>
/// A page of the provisioning log: the rows and the filtered total. When <paramref name="MoreThanTotal"/> is set the
/// count stopped at <paramref name="TotalItems"/> and there are more rows than that.
/// </summary>
public sealed record LogPage(IReadOnlyList<ProvisioningLogEntry> Items, int TotalItems, bool MoreThanTotal = false);

/// <summary>Filters, sorts and pages the provisioning log in SQL; the exports stream the same filtered query.</summary>
public sealed class ProvisioningLogQuery(IDbContextFactory<PortalDbContext> dbFactory, LogQueryMetrics metrics)
{
    /// <summary>How far the page counts: beyond it the pager reads "10,000+" instead of counting a million rows.</summary>
    public const int CountLimit = 10_000;

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
        var skip = page * pageSize;
        // Count in steps of CountLimit, always past the end of this page so the pager can go on; counting every row of
        // a large log would cost more than the page itself. The count runs beside the page on its own connection: for
        // a search both read the same index, and the page waits for one of them instead of both in turn.
        var limit = CountLimit * (((skip + pageSize) / CountLimit) + 1);
        var identity = await ResolveIdentityAsync(filter, cancellationToken);
        using var countCancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var counting = CountAsync(filter, identity, limit + 1, countCancel.Token);
        List<ProvisioningLogEntry> items;
        try
        {
            items = await ItemsAsync(filter, identity, skip, pageSize, sortBy, descending, cancellationToken);
        }
        catch
        {
            await AbandonAsync(countCancel, counting);
            throw;
        }

        if (items.Count < pageSize && (items.Count > 0 || skip == 0))
        {
            // The last page: the total is known without counting (the usual case for a search for one person).
            await AbandonAsync(countCancel, counting);
            return new LogPage(items, skip + items.Count);
        }

        var counted = await counting;
        return new LogPage(items, Math.Min(counted, limit), counted > limit);
    }

    private static async Task AbandonAsync(CancellationTokenSource cancel, Task counting)
    {
        await cancel.CancelAsync();
        try
        {
            await counting;
        }
        catch (Exception) when (cancel.IsCancellationRequested)
        {
            // Its result is not needed; whatever ended it, the page stands.
        }
    }

    /// <summary>The identity search's filter, worked out once for the queries of a page; null without a term.</summary>
    private async Task<IdentityFilter?> ResolveIdentityAsync(LogFilter filter, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(filter.Identity))
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await IdentitySearch.ResolveAsync(db, filter.Identity.Trim(), cancellationToken);
    }

    private async Task<List<ProvisioningLogEntry>> ItemsAsync(LogFilter filter, IdentityFilter? identity, int skip, int pageSize, string? sortBy, bool descending,
        CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = Apply(db, db.ProvisioningLogs.AsNoTracking(), filter, identity);
        var key = sortBy is not null && SortKeys.TryGetValue(sortBy, out var k) ? k : SortKeys[nameof(ProvisioningLogEntry.ActivityDateTime)];
        // The id breaks ties in the same direction, so the (key, id) indexes serve the order read forwards or backwards.
        var ordered = sortBy is null || descending
            ? query.OrderByDescending(key).ThenByDescending(e => e.Id)
            : query.OrderBy(key).ThenBy(e => e.Id);
        var items = await ordered.Skip(skip).Take(pageSize).Select(LogListColumns.Select).ToListAsync(cancellationToken);
        metrics.Completed("page", started);
        return items;
    }

    private async Task<int> CountAsync(LogFilter filter, IdentityFilter? identity, int upTo, CancellationToken cancellationToken)
    {
        // Yields first, so the page's query is on its way before this one starts.
        await Task.Yield();
        var started = Stopwatch.GetTimestamp();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var counted = await Apply(db, db.ProvisioningLogs.AsNoTracking(), filter, identity).Take(upTo).CountAsync(cancellationToken);
        metrics.Completed("count", started);
        return counted;
    }

    /// <summary>Every row of the filtered log, oldest first, streamed from the database (no row cap, no buffering).</summary>
    public async IAsyncEnumerable<ProvisioningLogEntry> StreamAsync(LogFilter filter, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var identity = await ResolveIdentityAsync(filter, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = Apply(db, db.ProvisioningLogs.AsNoTracking(), filter, identity).OrderBy(e => e.ActivityDateTime).ThenBy(e => e.Id);
        await foreach (var entry in query.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            yield return entry;
        }
    }

    private static IQueryable<ProvisioningLogEntry> Apply(PortalDbContext db, IQueryable<ProvisioningLogEntry> query, LogFilter filter, IdentityFilter? identity)
    {
        if (filter.From is { } from) { query = query.Where(e => e.ActivityDateTime >= from); }
        if (filter.To is { } to) { query = query.Where(e => e.ActivityDateTime <= to); }
        if (filter.Action is { } action) { query = query.Where(e => e.Action == action); }
        if (filter.Status is { } status) { query = query.Where(e => e.Status == status); }
        if (filter.CycleId is { } cycle) { query = query.Where(e => e.CycleId == cycle); }
        if (filter.JobId is { } job) { query = query.Where(e => e.JobId == job); }
        return identity is null ? query : identity(db, query);
    }
}
