using Microsoft.Playwright;
using Portal.Browser.Tests.Pages;
using Portal.Data.Entities;

namespace Portal.Browser.Tests;

/// <summary>The Logs page as help-desk staff browse it: filter, reset, filter again, and read an entry's details.</summary>
public sealed class LogsPageTests(BrowserFixture browser) : PortalPageTest(browser)
{
    [Fact]
    public async Task Reset_ClearsThePickedStatus_SoPickingItAgainFiltersAgain()
    {
        await SeedAsync(("Megan Bowen", ProvisioningLogStatus.Failure), ("Adele Vance", ProvisioningLogStatus.Success));
        await new DevSignIn(Page, Address).AsAsync("Henry Helpdesk", "Portal.HelpDesk");
        await Page.GotoAsync(new Uri(Address, "/logs").ToString());
        await Blazor.WaitUntilInteractiveAsync(Page);
        await Assertions.Expect(Page.GetByText("2 entries")).ToBeVisibleAsync();

        for (var round = 0; round < 2; round++)
        {
            await PickStatusAsync("Failure");
            await Page.GetByRole(AriaRole.Button, new() { Name = "Apply filters" }).ClickAsync();
            await Assertions.Expect(Page.GetByText("1 entries")).ToBeVisibleAsync();
            await Assertions.Expect(Page.GetByRole(AriaRole.Cell, new() { Name = "Adele Vance" })).ToHaveCountAsync(0);

            await Page.GetByRole(AriaRole.Button, new() { Name = "Reset", Exact = true }).ClickAsync();
            await Assertions.Expect(Page.GetByText("2 entries")).ToBeVisibleAsync();
            await Assertions.Expect(Page.GetByRole(AriaRole.Combobox, new() { Name = "Status", Exact = true })).ToHaveTextAsync(string.Empty);
        }

        await Page.GetByRole(AriaRole.Cell, new() { Name = "Megan Bowen" }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Tab, new() { Name = "Troubleshooting" })).ToBeVisibleAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Create User: Megan Bowen" })).ToBeVisibleAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Close details" })).ToBeInViewportAsync(new() { Ratio = 1 });
        // A step's details, as Entra's "View details": what matching tried and which accounts it found.
        await Assertions.Expect(Page.GetByText("externalId eq \"megan\": 2 match(es)")).ToBeVisibleAsync();
        await Assertions.Expect(Page.GetByText("a1, b2")).ToBeVisibleAsync();
        await Screenshots.SaveAsync(Page, "24-logs-details-after-reset");

        await Page.GetByRole(AriaRole.Button, new() { Name = "Close details" }).ClickAsync();
        // A closed temporary drawer keeps its content in the page; it is no longer the open one.
        await Assertions.Expect(Page.Locator(".mud-drawer--open:has([aria-label='Close details'])")).ToHaveCountAsync(0);
    }

    private async Task PickStatusAsync(string status)
    {
        await Page.GetByLabel("Status", new() { Exact = true }).ClickAsync(new() { Force = true });
        await Page.GetByRole(AriaRole.Option, new() { Name = status, Exact = true }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Combobox, new() { Name = "Status", Exact = true })).ToHaveTextAsync(status);
    }

    private Task SeedAsync(params (string Name, ProvisioningLogStatus Status)[] entries) =>
        Host.AddJobWithLogsAsync(entries.Select(e => new ProvisioningLogEntry
        {
            CycleId = Guid.NewGuid(), ActivityDateTime = DateTimeOffset.UtcNow, Action = ProvisioningAction.Create,
            Status = e.Status, IdentityType = ObjectKind.User, SourceId = Guid.NewGuid().ToString(), SourceDisplayName = e.Name,
            StepsJson = """
                [{"name":"EntryImport","status":"Success","description":"Retrieved the user from the directory."},
                 {"name":"EntryMatching","status":"Failure","description":"Several target objects match on externalId.",
                  "details":{"MatchingAttribute1":"externalId eq \"megan\": 2 match(es)","MatchingTargetIds":"a1, b2"}}]
                """,
        }), TestContext.Current.CancellationToken);
}
