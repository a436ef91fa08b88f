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

    private static IReadOnlyList<string> ExportLinks(IRenderedComponent<ProvisioningLogGrid> cut) =>
        [.. cut.FindAll("a").Where(a => a.TextContent.Trim().StartsWith("Download ", StringComparison.Ordinal)).Select(a => a.GetAttribute("href")!)];

    private static string PagerText(IRenderedComponent<ProvisioningLogGrid> cut) => cut.Find(".mud-table-pagination").TextContent;
}
