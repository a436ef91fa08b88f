using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Portal.Data;
using Portal.Data.Entities;
using Portal.Web.Features.Logs;

namespace Portal.Web.Tests.Features;

public sealed class ProvisioningLogQueryTests
{
    private readonly Guid _cycle1 = Guid.NewGuid();
    private readonly Guid _cycle2 = Guid.NewGuid();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task PageAsync_FiltersByStatusActionIdentityAndCycle_InTheDatabase(DatabaseProvider provider)
    {
        await using var logs = await SeededAsync(provider);

        var failures = await logs.Query.PageAsync(new LogFilter { Status = ProvisioningLogStatus.Failure }, 0, 50, null, true, Ct);
        var creates = await logs.Query.PageAsync(new LogFilter { Action = ProvisioningAction.Create, CycleId = _cycle1 }, 0, 50, null, true, Ct);
        var adele = await logs.Query.PageAsync(new LogFilter { Identity = "Adele" }, 0, 50, null, true, Ct);

        Assert.Equal(3, failures.TotalItems);
        Assert.False(failures.MoreThanTotal);
        Assert.All(failures.Items, e => Assert.Equal(ProvisioningLogStatus.Failure, e.Status));
        Assert.Equal(10, creates.TotalItems);
        Assert.Equal("Adele Vance", Assert.Single(adele.Items).SourceDisplayName);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task PageAsync_PagesAndSortsInSql_WhenAskedForTheSecondPageByName(DatabaseProvider provider)
    {
        await using var logs = await SeededAsync(provider);

        var ascending = await logs.Query.PageAsync(new LogFilter { CycleId = _cycle1 }, 1, 4, nameof(ProvisioningLogEntry.SourceDisplayName), false, Ct);
        var descending = await logs.Query.PageAsync(new LogFilter { JobId = logs.JobId }, 0, 3, nameof(ProvisioningLogEntry.SourceDisplayName), true, Ct);

        Assert.Equal(10, ascending.TotalItems);
        Assert.Equal(["User 04", "User 05", "User 06", "User 07"], ascending.Items.Select(e => e.SourceDisplayName!).ToArray());
        Assert.Equal(["User 09", "User 08", "User 07"], descending.Items.Select(e => e.SourceDisplayName!).ToArray());
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task PageAsync_FiltersByDate_WhenFromAndToAreGiven(DatabaseProvider provider)
    {
        await using var logs = await SeededAsync(provider);
        var from = LogDatabase.Start.AddHours(1);

        var page = await logs.Query.PageAsync(new LogFilter { From = from, To = from.AddDays(1) }, 0, 50, null, true, Ct);

        Assert.Equal(4, page.TotalItems);
        Assert.All(page.Items, e => Assert.Equal(_cycle2, e.CycleId));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task StreamAsync_ReturnsEveryFilteredRowOldestFirst_WhenExporting(DatabaseProvider provider)
    {
        await using var logs = await SeededAsync(provider);

        var rows = new List<ProvisioningLogEntry>();
        await foreach (var row in logs.Query.StreamAsync(new LogFilter { JobId = logs.JobId }, Ct))
        {
            rows.Add(row);
        }

        Assert.Equal(14, rows.Count);
        Assert.Equal(rows.OrderBy(r => r.ActivityDateTime).ThenBy(r => r.Id).Select(r => r.Id), rows.Select(r => r.Id));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task PageAsync_CountsOnlyToTheLimit_WhenMoreRowsMatch(DatabaseProvider provider)
    {
        await using var logs = await LogDatabase.CreateAsync(provider);
        var limit = ProvisioningLogQuery.CountLimit;
        await logs.AddAsync(Enumerable.Range(0, limit + 30).Select(i => logs.Entry($"User {i:00000}", at: LogDatabase.Start.AddSeconds(i))));

        var first = await logs.Query.PageAsync(new LogFilter(), 0, 25, null, true, Ct);
        var atTheLimit = await logs.Query.PageAsync(new LogFilter(), (limit / 25) - 1, 25, null, true, Ct);
        var exact = await logs.Query.PageAsync(new LogFilter { Identity = "User 0001" }, 0, 25, null, true, Ct);

        Assert.Equal((limit, true), (first.TotalItems, first.MoreThanTotal));
        Assert.Equal($"User {limit + 29:00000}", first.Items[0].SourceDisplayName);
        // On the last page under the limit the count reaches further, so the pager can go on past it.
        Assert.Equal((limit + 30, false), (atTheLimit.TotalItems, atTheLimit.MoreThanTotal));
        Assert.Equal("User 00030", atTheLimit.Items[^1].SourceDisplayName);
        Assert.Equal((10, false), (exact.TotalItems, exact.MoreThanTotal));
    }

    [Fact]
    public async Task PageAsync_ReportsThePagesAndTheCountsDurations_ToTheLogsMeter()
    {
        await using var logs = await SeededAsync(DatabaseProvider.Sqlite);
        var measured = new ConcurrentQueue<(string Query, double Seconds)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Scope == logs.Meters && instrument.Meter.Name == LogQueryMetrics.MeterName) { l.EnableMeasurementEvents(instrument); }
        };
        listener.SetMeasurementEventCallback<double>((_, seconds, tags, _) =>
            measured.Enqueue(((string)tags.ToArray().Single(t => t.Key == LogQueryMetrics.QueryTag).Value!, seconds)));
        listener.Start();

        // A full page: its total needs the count.
        await logs.Query.PageAsync(new LogFilter(), 0, 4, null, true, Ct);

        Assert.Equal(["count", "page"], measured.Select(m => m.Query).Order());
        Assert.All(measured, m => Assert.True(m.Seconds > 0));
    }

    private async Task<LogDatabase> SeededAsync(DatabaseProvider provider)
    {
        var logs = await LogDatabase.CreateAsync(provider);
        var start = LogDatabase.Start;
        var entries = Enumerable.Range(0, 10).Select(i => logs.Entry($"User {i:00}", _cycle1, start.AddSeconds(i))).ToList();
        entries.Add(logs.Entry("Adele Vance", _cycle2, start.AddHours(2), ProvisioningAction.Update, ProvisioningLogStatus.Failure));
        entries.Add(logs.Entry("Alex Wilber", _cycle2, start.AddHours(2), ProvisioningAction.Update, ProvisioningLogStatus.Failure));
        entries.Add(logs.Entry("Megan Bowen", _cycle2, start.AddHours(2), ProvisioningAction.Disable, ProvisioningLogStatus.Failure));
        entries.Add(logs.Entry("Lee Gu", _cycle2, start.AddHours(2), ProvisioningAction.Other, ProvisioningLogStatus.Skipped));
        await logs.AddAsync(entries);
        return logs;
    }
}
