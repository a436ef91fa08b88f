using Portal.Data.Entities;
using Portal.Web.Features.Logs;

namespace Portal.Web.Tests.Features;

public sealed class ProvisioningLogQueryTests : FeatureTestBase
{
    private readonly Guid _job = Guid.NewGuid();
    private readonly Guid _cycle1 = Guid.NewGuid();
    private readonly Guid _cycle2 = Guid.NewGuid();

    [Fact]
    public async Task PageAsync_FiltersByStatusActionIdentityAndCycle_InTheDatabase()
    {
        await SeedAsync();
        var logs = Get<ProvisioningLogQuery>();

        var failures = await logs.PageAsync(new LogFilter { Status = ProvisioningLogStatus.Failure }, 0, 50, null, true, Ct);
        var creates = await logs.PageAsync(new LogFilter { Action = ProvisioningAction.Create, CycleId = _cycle1 }, 0, 50, null, true, Ct);
        var adele = await logs.PageAsync(new LogFilter { Identity = "Adele" }, 0, 50, null, true, Ct);

        Assert.Equal(3, failures.TotalItems);
        Assert.All(failures.Items, e => Assert.Equal(ProvisioningLogStatus.Failure, e.Status));
        Assert.Equal(10, creates.TotalItems);
        Assert.Equal("Adele Vance", Assert.Single(adele.Items).SourceDisplayName);
    }

    [Fact]
    public async Task PageAsync_PagesAndSortsInSql_WhenAskedForTheSecondPageByName()
    {
        await SeedAsync();

        var page = await Get<ProvisioningLogQuery>().PageAsync(new LogFilter { CycleId = _cycle1 }, 1, 4, nameof(ProvisioningLogEntry.SourceDisplayName), false, Ct);

        Assert.Equal(10, page.TotalItems);
        Assert.Equal(["User 04", "User 05", "User 06", "User 07"], page.Items.Select(e => e.SourceDisplayName!).ToArray());
    }

    [Fact]
    public async Task PageAsync_FiltersByDate_WhenFromAndToAreGiven()
    {
        await SeedAsync();
        var from = Clock.GetUtcNow().AddHours(1);

        var page = await Get<ProvisioningLogQuery>().PageAsync(new LogFilter { From = from, To = from.AddDays(1) }, 0, 50, null, true, Ct);

        Assert.Equal(4, page.TotalItems);
        Assert.All(page.Items, e => Assert.Equal(_cycle2, e.CycleId));
    }

    [Fact]
    public async Task StreamAsync_ReturnsEveryFilteredRowOldestFirst_WhenExporting()
    {
        await SeedAsync();

        var rows = new List<ProvisioningLogEntry>();
        await foreach (var row in Get<ProvisioningLogQuery>().StreamAsync(new LogFilter { JobId = _job }, Ct))
        {
            rows.Add(row);
        }

        Assert.Equal(14, rows.Count);
        Assert.Equal(rows.OrderBy(r => r.ActivityDateTime).ThenBy(r => r.Id).Select(r => r.Id), rows.Select(r => r.Id));
    }

    private async Task SeedAsync()
    {
        var start = Clock.GetUtcNow();
        await using var db = CreateContext();
        for (var i = 0; i < 10; i++)
        {
            db.ProvisioningLogs.Add(Entry(_cycle1, start.AddSeconds(i), ProvisioningAction.Create, ProvisioningLogStatus.Success, $"User {i:00}"));
        }

        db.ProvisioningLogs.Add(Entry(_cycle2, start.AddHours(2), ProvisioningAction.Update, ProvisioningLogStatus.Failure, "Adele Vance"));
        db.ProvisioningLogs.Add(Entry(_cycle2, start.AddHours(2), ProvisioningAction.Update, ProvisioningLogStatus.Failure, "Alex Wilber"));
        db.ProvisioningLogs.Add(Entry(_cycle2, start.AddHours(2), ProvisioningAction.Disable, ProvisioningLogStatus.Failure, "Megan Bowen"));
        db.ProvisioningLogs.Add(Entry(_cycle2, start.AddHours(2), ProvisioningAction.Other, ProvisioningLogStatus.Skipped, "Lee Gu"));
        await db.SaveChangesAsync(Ct);
    }

    private ProvisioningLogEntry Entry(Guid cycle, DateTimeOffset at, ProvisioningAction action, ProvisioningLogStatus status, string name) => new()
    {
        JobId = _job,
        CycleId = cycle,
        ActivityDateTime = at,
        Action = action,
        Status = status,
        SourceId = Guid.NewGuid().ToString(),
        SourceDisplayName = name,
        ErrorCode = status == ProvisioningLogStatus.Failure ? "Conflict" : null,
    };
}
