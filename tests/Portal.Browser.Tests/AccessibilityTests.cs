using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Portal.Browser.Tests.Pages;
using Portal.Data.Entities;

namespace Portal.Browser.Tests;

/// <summary>
/// The portal's pages, tabs, dialogs and drawers, checked by axe-core against WCAG 2.1 A and AA as each role meets them:
/// what a screen-reader, keyboard or low-vision user of the portal meets.
/// </summary>
public sealed class AccessibilityTests(BrowserFixture browser) : PortalPageTest(browser)
{
    private static readonly string[] TenantPages = ["/", "/applications", "/logs", "/helpdesk", "/notifications"];
    private static readonly string[] AdminPages = ["/audit", "/role-assignments", "/settings/directory", "/settings/api-keys", "/sandbox-directory", "/sandbox-mail"];
    private static readonly string[] ApplicationTabs = ["Overview", "Users and groups", "Provisioning", "Mappings", "Provision on demand", "Dry run", "Reconciliation", "Provisioning logs"];

    private readonly List<string> _found = [];

    [Fact]
    public async Task EveryPageTabAndDialog_HasNoWcagViolations_ForAdminHelpDeskAndOperator()
    {
        var jobId = await Host.AddJobWithLogsAsync([new ProvisioningLogEntry
        {
            CycleId = Guid.NewGuid(), ActivityDateTime = DateTimeOffset.UtcNow, Action = ProvisioningAction.Create,
            Status = ProvisioningLogStatus.Failure, IdentityType = ObjectKind.User, SourceId = Guid.NewGuid().ToString(), SourceDisplayName = "Megan Bowen",
            ErrorCode = "Conflict", ErrorReason = "A user with userName megan@contoso.example already exists.",
            StepsJson = """[{"name":"EntryExport","status":"Failure","description":"The target refused the create."}]""",
        }], TestContext.Current.CancellationToken);
        var application = new Uri(Address, $"/applications/{await ApplicationIdAsync(jobId)}").ToString();

        await Page.GotoAsync(new Uri(Address, "/account/dev-signin").ToString());
        await CheckAsync("sign-in");

        await new DevSignIn(Page, Address).AsAsync("Adele Admin", "Portal.TenantAdmin");
        await CheckPagesAsync([.. TenantPages, .. AdminPages]);
        await CheckTabsAsync(application);
        await CheckDialogsAsync(application);

        // Dark mode lasts for the page's session, so its tabs and pages are reached without reloading.
        await Page.GotoAsync(application);
        await Blazor.WaitUntilInteractiveAsync(Page);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Toggle dark mode" }).ClickAsync();
        await CheckTabsAsync(null, "dark");
        foreach (var link in new[] { "Overview", "Provisioning logs", "Failures", "Audit logs" })
        {
            await Page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = link, Exact = true }).ClickAsync();
            await CheckAsync($"dark {link}");
        }

        await Context.ClearCookiesAsync();
        await new DevSignIn(Page, Address).AsAsync("Henry Helpdesk", "Portal.HelpDesk");
        await CheckPagesAsync(TenantPages);
        await CheckTabsAsync(application);

        await Context.ClearCookiesAsync();
        await new DevSignIn(Page, Address).AsAsync("Olga Operator", "Portal.Operator");
        await CheckPagesAsync(["/tenants", "/settings/mail"]);

        Assert.True(_found.Count == 0, string.Join(Environment.NewLine, _found));
    }

    private async Task CheckPagesAsync(IEnumerable<string> paths)
    {
        foreach (var path in paths)
        {
            await Page.GotoAsync(new Uri(Address, path).ToString());
            await Blazor.WaitUntilInteractiveAsync(Page);
            await CheckAsync(path);
        }
    }

    /// <summary>Each tab of the application, opened on <paramref name="application"/> or, when null, on the page as it is.</summary>
    private async Task CheckTabsAsync(string? application, string mode = "light")
    {
        if (application is not null)
        {
            await Page.GotoAsync(application);
            await Blazor.WaitUntilInteractiveAsync(Page);
        }

        var app = new ApplicationPageObject(Page);
        foreach (var tab in ApplicationTabs)
        {
            await app.OpenTabAsync(tab);
            await CheckAsync($"{mode} application tab {tab}");
        }
    }

    private async Task CheckDialogsAsync(string application)
    {
        await Page.GotoAsync(new Uri(Address, "/applications").ToString());
        await Blazor.WaitUntilInteractiveAsync(Page);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Add GoTo Meeting" }).ClickAsync();
        await CheckAsync("add application dialog", Page.GetByRole(AriaRole.Dialog));
        await Page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(Page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);

        await Page.GotoAsync(application);
        await Blazor.WaitUntilInteractiveAsync(Page);
        var app = new ApplicationPageObject(Page);
        await app.OpenTabAsync("Mappings");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Provision Microsoft Entra ID Users" }).ClickAsync();
        await CheckAsync("object mapping editor");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Edit userName" }).ClickAsync();
        await CheckAsync("attribute mapping dialog", Page.GetByRole(AriaRole.Dialog));
        await Page.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();

        await app.OpenTabAsync("Provisioning logs");
        await Page.GetByRole(AriaRole.Cell, new() { Name = "Megan Bowen" }).ClickAsync();
        await CheckAsync("log entry drawer", Page.GetByLabel("Log entry details"));
    }

    private async Task CheckAsync(string where, ILocator? dialog = null)
    {
        await Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        if (dialog is not null)
        {
            await dialog.First.WaitForAsync();
        }

        var result = await Page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
        });
        _found.AddRange(result.Violations.SelectMany(v => v.Nodes.Select(n =>
            $"{where}: {v.Id} ({v.Impact}) {v.Help} at {n.Target} — {n.Html} — {string.Join(" / ", n.Any.Select(c => c.Message))}")));
    }

    private async Task<Guid> ApplicationIdAsync(Guid jobId)
    {
        await using var global = Host.CreateContext();
        return await global.AcrossAllTenants<ProvisioningJob>().Where(j => j.Id == jobId).Select(j => j.ApplicationId).SingleAsync(TestContext.Current.CancellationToken);
    }
}
