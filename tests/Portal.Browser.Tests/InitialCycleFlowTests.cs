using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Browser.Tests.Pages;
using Portal.Sandbox;
using Portal.Sandbox.Graph;
using Portal.Sandbox.Scim;

namespace Portal.Browser.Tests;

/// <summary>
/// The seeds' flow to its end on the embedded default: GoTo Meeting against the sandbox GoTo target, admin credentials,
/// Test Connection, status On and Save; the initial cycle runs through the scheduler and its creates show in the logs;
/// then provision on demand of someone found by name, and reconciliation after accounts were changed in the target by hand.
/// </summary>
public sealed class InitialCycleFlowTests(BrowserFixture browser) : PortalPageTest(browser)
{
    private static readonly TimeSpan CycleTimeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task SwitchingGoToMeetingOn_RunsTheInitialCycle_AndTheLogsShowTheCreatedAccounts()
    {
        await new DevSignIn(Page, Address).AsAsync("Adele Admin", "Portal.TenantAdmin");
        var applications = new ApplicationsPageObject(Page, Address);
        await applications.OpenAsync();
        await applications.AddAsync("GoTo Meeting", "GoTo Meeting");
        var app = new ApplicationPageObject(Page);

        await app.OpenTabAsync("Provisioning");
        await Blazor.PickAsync(Page, "Provisioning Mode", "Automatic");
        var sandbox = new SandboxScimOptions();
        await app.Field("Admin User Name").FillAsync(sandbox.AdminUserName);
        await app.Field("Admin Password").FillAsync(sandbox.AdminPassword);
        await app.Field("Notification Email").FillAsync("ops@contoso.example");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Test Connection" }).ClickAsync();
        var result = Page.GetByTestId("test-connection-result");
        await Assertions.Expect(result).ToBeVisibleAsync(new() { Timeout = 30_000 });
        Assert.Contains("mud-alert-text-success", await result.GetAttributeAsync("class") ?? "", StringComparison.Ordinal);
        await Screenshots.SaveAsync(Page, "20-test-connection");

        await Page.GetByRole(AriaRole.Radio, new() { Name = "On", Exact = true }).CheckAsync(new() { Force = true });
        await app.SaveAsync();
        await Assertions.Expect(Page.GetByText("Provisioning settings saved.")).ToBeVisibleAsync();

        var target = Host.Services.GetRequiredService<SandboxTargets>().GoTo;
        var deadline = DateTime.UtcNow + CycleTimeout;
        while (target.Users.Count == 0 || await RunningCycleAsync())
        {
            Assert.True(DateTime.UtcNow < deadline, "The initial cycle did not create accounts in time.");
            await Task.Delay(1000, TestContext.Current.CancellationToken);
        }

        await app.OpenTabAsync("Overview");
        await app.OpenTabAsync("Provisioning logs");
        await Assertions.Expect(Page.GetByRole(AriaRole.Cell, new() { Name = "Create", Exact = true }).First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(Page.GetByRole(AriaRole.Cell, new() { Name = "Success", Exact = true }).First).ToBeVisibleAsync();
        await Screenshots.SaveAsync(Page, "21-initial-cycle-logs");
        Assert.NotEmpty(target.Users);

        // Before a mapping change is saved, its preview plans the next cycle with it: every account's given name would
        // change, and nothing is saved or sent.
        await app.OpenTabAsync("Mappings");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Provision Microsoft Entra ID Users" }).ClickAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Edit name.givenName" }).ClickAsync();
        await Page.GetByLabel("Source attribute").FillAsync("mailNickname");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Ok" }).ClickAsync();
        var sent = target.Requests.Total;
        await Page.GetByRole(AriaRole.Button, new() { Name = "Preview changes" }).ClickAsync();
        await Assertions.Expect(Page.GetByTestId("dry-run-attributes")).ToHaveTextAsync($"Updates by attribute: name.givenName {target.Users.Count}", new() { Timeout = 60_000 });
        await Assertions.Expect(Page.GetByText("With these mappings saved, the next cycle would make")).ToBeVisibleAsync();
        await Assertions.Expect(Page.GetByText("with the Provision Microsoft Entra ID Users mappings as edited here")).ToBeVisibleAsync();
        await Screenshots.SaveAsync(Page, "21b-mapping-preview");
        Assert.Equal(sent, target.Requests.Total);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Discard changes" }).ClickAsync();

        // Requiring a role most people in scope lack would disable their accounts: the preview says so before anything is saved.
        await app.OpenTabAsync("Users and groups");
        await Blazor.PickAsync(Page, "Required roles", "Admin");
        await Page.Keyboard.PressAsync("Escape");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Preview role requirements" }).ClickAsync();
        await Assertions.Expect(Page.GetByText("With these role requirements saved, the next cycle would make")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Assertions.Expect(Page.GetByTestId("dry-run-summary")).ToContainTextAsync("Disable");
        Assert.Equal(sent, target.Requests.Total);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();

        // Provision on demand finds anyone in the directory by name, not only the assigned; one not assigned is skipped
        // with the reason, as Entra says it.
        await app.OpenTabAsync("Provision on demand");
        await Page.GetByLabel("User", new() { Exact = true }).FillAsync("siob");
        await Page.GetByRole(AriaRole.Option, new() { Name = "Siobhán Lauer" }).ClickAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Provision", Exact = true }).ClickAsync();
        await Assertions.Expect(Page.GetByTestId("on-demand-result")).ToContainTextAsync("Not assigned to the application.", new() { Timeout = 30_000 });
        await Screenshots.SaveAsync(Page, "22-provision-on-demand");

        // Several at once (Entra takes one): a second, assigned user joins the list, and each gets a line of its own.
        var provisioned = target.Users.First(u => u["active"]?.GetValue<bool>() != false)["userName"]!.GetValue<string>();
        var assigned = Host.Services.GetRequiredService<SandboxGraphEmulator>().Directory.Users()
            .Single(u => string.Equals(u.UserPrincipalName, provisioned, StringComparison.OrdinalIgnoreCase)).DisplayName!;
        await Page.GetByLabel("User", new() { Exact = true }).FillAsync(assigned);
        await Page.GetByRole(AriaRole.Option, new() { Name = assigned }).First.ClickAsync();
        await Assertions.Expect(Page.GetByTestId("on-demand-users")).ToContainTextAsync(assigned);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Provision", Exact = true }).ClickAsync();
        var lines = Page.GetByTestId("on-demand-members").Locator("tbody tr");
        await Assertions.Expect(lines).ToHaveCountAsync(2, new() { Timeout = 30_000 });
        await Assertions.Expect(lines.Filter(new() { HasText = assigned })).ToContainTextAsync("already match");
        await Screenshots.SaveAsync(Page, "22b-provision-on-demand-several");

        // Someone suspends one account and deletes another in the target by hand: the Reconciliation tab finds both, and
        // the admin puts them back as the directory has them.
        var accounts = target.Users.Select(u => u["id"]!.GetValue<string>()).Order(StringComparer.Ordinal).ToList();
        target.SetUserActive(accounts[0], false);
        target.DeleteUser(accounts[1]);
        await app.OpenTabAsync("Reconciliation");
        await Page.GetByTestId("reconcile").ClickAsync();
        // The deleted account also left any group it was in, which then shows as edited too.
        await Assertions.Expect(Page.GetByTestId("reconcile-result")).ToContainTextAsync("Users: 1 edited in the target, 1 missing from it.", new() { Timeout = 30_000 });
        await Assertions.Expect(Page.GetByRole(AriaRole.Cell, new() { Name = "active", Exact = true })).ToBeVisibleAsync();
        foreach (var all in await Page.GetByLabel(new System.Text.RegularExpressions.Regex("^Choose all ")).AllAsync())
        {
            await all.CheckAsync();
        }

        await Screenshots.SaveAsync(Page, "23-reconciliation");
        await Page.GetByTestId("repair").ClickAsync();
        await Assertions.Expect(Page.GetByTestId("repair-result")).ToHaveTextAsync(
            new System.Text.RegularExpressions.Regex(@"^\d+ objects? put back; the provisioning logs have each change\.$"), new() { Timeout = 30_000 });
        Assert.Equal(accounts.Count, target.Users.Count);
        Assert.All(target.Users, u => Assert.NotEqual(false, u["active"]?.GetValue<bool>()));

        // The admin assigns someone from the portal rather than in Entra: Graph gets the assignment, and the job, being
        // On, provisions the account at once.
        await app.OpenTabAsync("Users and groups");
        await Page.GetByLabel("User to assign").FillAsync("siob");
        await Page.GetByRole(AriaRole.Option, new() { Name = "Siobhán Lauer" }).ClickAsync();
        await Assertions.Expect(Page.GetByTestId("assign-picked")).ToContainTextAsync("Siobhán Lauer (user)");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Assign", Exact = true }).ClickAsync();
        await Page.GetByLabel("Find an assignment").FillAsync("Siobhán Lauer");
        await Assertions.Expect(Page.GetByTestId("assignments-shown")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^1 of 1 matching, "));
        await Assertions.Expect(Page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Siobhán Lauer" })).ToContainTextAsync("Yes", new() { Timeout = 30_000 });
        await Screenshots.SaveAsync(Page, "23b-assign-from-portal");
        deadline = DateTime.UtcNow + CycleTimeout;
        var siobhan = Host.Services.GetRequiredService<SandboxGraphEmulator>().Directory.Users().First(u => u.DisplayName == "Siobhán Lauer").UserPrincipalName;
        while (!target.Users.Any(u => string.Equals(u["userName"]!.GetValue<string>(), siobhan, StringComparison.OrdinalIgnoreCase)))
        {
            Assert.True(DateTime.UtcNow < deadline, "The account of the user assigned from the portal was not created in time.");
            await Task.Delay(1000, TestContext.Current.CancellationToken);
        }

        // The tab follows the cycle the assignment started: her row says she has an account without a reload.
        await Assertions.Expect(Page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Siobhán Lauer" })).ToContainTextAsync("Account active", new() { Timeout = 30_000 });
        await Page.GetByRole(AriaRole.Button, new() { Name = "Remove the assignment of Siobhán Lauer as User" }).ClickAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Remove", Exact = true }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Siobhán Lauer" })).ToHaveCountAsync(0, new() { Timeout = 30_000 });

        // An assigned group's members show under it, each with what the initial cycle gave them.
        await Page.GetByLabel("Find an assignment").FillAsync("GoTo Meeting Users");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Show the members of GoTo Meeting Users" }).ClickAsync();
        await Assertions.Expect(Page.GetByTestId("group-members-caption")).ToContainTextAsync("with an active account", new() { Timeout = 30_000 });
        await Assertions.Expect(Page.GetByTestId("group-members").GetByRole(AriaRole.Row).Filter(new() { HasText = "Account active" }).First).ToBeVisibleAsync();
        await Screenshots.SaveAsync(Page, "23c-group-members");
    }

    private async Task<bool> RunningCycleAsync()
    {
        await using var db = Host.CreateContext();
        return db.AcrossAllTenants<Portal.Data.Entities.Cycle>().Any(c => c.State == Portal.Data.Entities.CycleState.Running);
    }
}
