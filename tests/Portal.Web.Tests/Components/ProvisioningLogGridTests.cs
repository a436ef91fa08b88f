using Bunit;
using Portal.Data.Entities;
using Portal.Web.Components.Pages.Logs;
using Portal.Web.Features.Logs;

namespace Portal.Web.Tests.Components;

public sealed class ProvisioningLogGridTests : UiTestBase
{
    [Fact]
    public async Task Grid_SaysMoreThanTheLimit_WhenTheFilterMatchesMoreRowsThanItCounts()
    {
        var jobId = Guid.NewGuid();
        await using (var db = Database.CreateContext(TenantId))
        {
            var start = new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);
            db.ProvisioningLogs.AddRange(Enumerable.Range(0, ProvisioningLogQuery.CountLimit + 1).Select(i => new ProvisioningLogEntry
            {
                JobId = jobId,
                ActivityDateTime = start.AddSeconds(i),
                SourceId = $"user-{i}",
                SourceDisplayName = i == 0 ? "Adele Vance" : $"User {i}",
            }));
            await db.SaveChangesAsync(Ct);
        }

        var cut = Context.Render<ProvisioningLogGrid>(p => p.Add(x => x.JobId, jobId));

        cut.WaitForAssertion(() => Assert.Contains("10,000+ entries", cut.Markup), TimeSpan.FromSeconds(10));
        Assert.Contains("1-25 of 10,000+", PagerText(cut), StringComparison.Ordinal);

        await cut.ChangeInputAsync("Identity", "adele");
        await cut.ClickButtonAsync("Apply filters");

        cut.WaitForAssertion(() => Assert.Contains("1 entries", cut.Markup), TimeSpan.FromSeconds(10));
        Assert.DoesNotContain("+", PagerText(cut), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApplyFilters_CarriesTheAppliedFilterIntoBothExportLinks()
    {
        var jobId = Guid.NewGuid();
        var cut = Context.Render<ProvisioningLogGrid>(p => p.Add(x => x.JobId, jobId));
        cut.WaitForAssertion(() => Assert.Contains("0 entries", cut.Markup), TimeSpan.FromSeconds(10));
        Assert.All(ExportLinks(cut), href => Assert.DoesNotContain("identity=", href, StringComparison.Ordinal));

        await cut.ChangeInputAsync("Identity", "adele");
        await cut.ClickButtonAsync("Apply filters");

        cut.WaitForAssertion(() => Assert.All(ExportLinks(cut), href =>
        {
            Assert.Contains("identity=adele", href, StringComparison.Ordinal);
            Assert.Contains($"jobId={jobId}", href, StringComparison.Ordinal);
        }));
        Assert.Equal(["logs/export/csv", "logs/export/json"], ExportLinks(cut).Select(h => h[..h.IndexOf('?', StringComparison.Ordinal)]));
    }

    [Fact]
    public async Task Grid_NamesEachEntrysApplication_WhenEveryApplicationIsListed()
    {
        var payroll = Guid.NewGuid();
        var meetings = Guid.NewGuid();
        await using (var db = Database.CreateContext(TenantId))
        {
            var at = new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);
            db.ProvisioningLogs.AddRange(
                new ProvisioningLogEntry { JobId = payroll, ActivityDateTime = at, SourceId = "u-1", SourceDisplayName = "Adele Vance" },
                new ProvisioningLogEntry { JobId = meetings, ActivityDateTime = at.AddSeconds(1), SourceId = "u-2", SourceDisplayName = "Megan Bowen" });
            await db.SaveChangesAsync(Ct);
        }

        var applications = new Dictionary<Guid, string> { [payroll] = "Payroll", [meetings] = "GoTo Meeting" };
        var cut = Context.Render<ProvisioningLogGrid>(p => p.Add(x => x.Applications, applications));

        cut.WaitForAssertion(() => Assert.Equal(
            ["Megan Bowen GoTo Meeting", "Adele Vance Payroll"],
            cut.FindAll("tbody tr").Select(r => string.Join(' ', r.QuerySelectorAll("td").Skip(1).Take(2).Select(c => c.TextContent.Trim())))),
            TimeSpan.FromSeconds(10));
    }

    private static IReadOnlyList<string> ExportLinks(IRenderedComponent<ProvisioningLogGrid> cut) =>
        [.. cut.FindAll("a").Where(a => a.TextContent.Trim().StartsWith("Download ", StringComparison.Ordinal)).Select(a => a.GetAttribute("href")!)];

    private static string PagerText(IRenderedComponent<ProvisioningLogGrid> cut) => cut.Find(".mud-table-pagination").TextContent;
}
