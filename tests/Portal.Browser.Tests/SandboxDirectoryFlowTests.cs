using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Browser.Tests.Pages;
using Portal.Data.Entities;
using Portal.Sandbox;
using Portal.Sandbox.Graph;
using Portal.Sandbox.Scim;

namespace Portal.Browser.Tests;

/// <summary>
/// The newcomer's loop on the embedded default: GoTo Meeting provisions the demo directory, a user's department is
/// changed on the Sandbox page, the emulator's change notification reaches the portal over loopback and runs a cycle
/// with no one pressing anything, the provisioning logs show the Update, and Sync now runs one more; then that cycle is
/// undone from the Overview.
/// </summary>
public sealed class SandboxDirectoryFlowTests(BrowserFixture browser) : PortalPageTest(browser)
{
    private const string EnterpriseUser = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    private const string NewDepartment = "Quantum Research";
    private static readonly TimeSpan CycleTimeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task EditingADepartmentInTheSandbox_UpdatesTheAccountByItself_AndTheLogsAndCycleHistorySaySo()
    {
        await new DevSignIn(Page, Address).AsAsync("Adele Admin", "Portal.TenantAdmin");
        var applications = new ApplicationsPageObject(Page, Address);
        await applications.OpenAsync();
        await applications.AddAsync("GoTo Meeting", "GoTo Meeting");
        var appAddress = Page.Url;
        var app = new ApplicationPageObject(Page);
        await app.OpenTabAsync("Provisioning");
        await Blazor.PickAsync(Page, "Provisioning Mode", "Automatic");
        var credentials = new SandboxScimOptions();
        await app.Field("Admin User Name").FillAsync(credentials.AdminUserName);
        await app.Field("Admin Password").FillAsync(credentials.AdminPassword);
        await Page.GetByRole(AriaRole.Radio, new() { Name = "On", Exact = true }).CheckAsync(new() { Force = true });
        await app.SaveAsync();
        await Assertions.Expect(Page.GetByText("Provisioning settings saved.")).ToBeVisibleAsync();
        var target = Host.Services.GetRequiredService<SandboxTargets>().GoTo;
        await WaitForAsync(() => target.Users.Count > 0, "the initial cycle to create accounts");
        await WaitForCyclesToEndAsync();

        var account = target.Users.First(u => u["active"]?.GetValue<bool>() != false);
        var userName = account["userName"]!.GetValue<string>();
        var departmentBefore = Department(target, userName);
        var directory = Host.Services.GetRequiredService<SandboxGraphEmulator>().Directory;
        var user = directory.Users().Single(u => string.Equals(u.UserPrincipalName, userName, StringComparison.OrdinalIgnoreCase));

        var sandbox = new SandboxDirectoryPageObject(Page, Address);
        await sandbox.OpenAsync();
        await sandbox.EditAsync(user.UserPrincipalName!, user.DisplayName!);
        await sandbox.Field("Department").FillAsync(NewDepartment);
        await sandbox.SaveAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Cell, new() { Name = NewDepartment, Exact = true })).ToBeVisibleAsync();
        await Screenshots.SaveAsync(Page, "30-sandbox-directory-edit");
        Assert.Equal(NewDepartment, directory.GetUser(user.Id)!.Properties["department"]);

        // Graph's change notification, not Sync now, starts this cycle.
        await WaitForAsync(() => Department(target, userName) == NewDepartment, "the change notification's cycle to update the account");
        await WaitForCyclesToEndAsync();
        await sandbox.SyncNowAsync("GoTo Meeting");
        await WaitForAsync(() => StartedBy().Contains(nameof(Portal.Web.Jobs.CycleTrigger.SyncNow)), "Sync now's cycle");
        await WaitForCyclesToEndAsync();
        Assert.Equal(["SyncNow", "ChangeNotification"], StartedBy().Take(2));

        await Page.GetByRole(AriaRole.Link, new() { Name = "Logs", Exact = true }).ClickAsync();
        await Page.WaitForURLAsync(url => url.Contains("/logs", StringComparison.Ordinal));
        await Blazor.WaitUntilInteractiveAsync(Page);
        var update = Page.GetByRole(AriaRole.Row).Filter(new() { HasText = user.DisplayName! })
            .Filter(new() { Has = Page.GetByRole(AriaRole.Cell, new() { Name = "Update", Exact = true }) });
        await Assertions.Expect(update.First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Screenshots.SaveAsync(Page, "31-sandbox-sync-now-update-log");

        // The cycle that changed the department is undone from the Overview: provisioning goes Off, the account gets its
        // department back, and the history says the cycle was undone.
        await Page.GotoAsync(appAddress);
        await Blazor.WaitUntilInteractiveAsync(Page);
        await app.OpenTabAsync("Overview");
        await Page.GetByTestId("undo-cycle").ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Dialog)).ToContainTextAsync("Provisioning is switched off first");
        await Screenshots.SaveAsync(Page, "32-undo-cycle-confirmation");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Switch off and undo" }).ClickAsync();
        await WaitForAsync(() => Department(target, userName) == departmentBefore, "the undo to put the department back");
        await WaitForCyclesToEndAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Refresh" }).ClickAsync();
        await Assertions.Expect(Page.GetByTestId("cycle-undone")).ToBeVisibleAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Start provisioning", Exact = true })).ToBeVisibleAsync();
        await Screenshots.SaveAsync(Page, "33-undo-cycle-done");
    }

    // What started the job's ended cycles, newest first, as the Overview's cycle history shows it.
    private List<string?> StartedBy()
    {
        using var db = Host.CreateContext();
        return [.. db.AcrossAllTenants<Cycle>().Where(c => c.State != CycleState.Running && c.Kind == CycleKind.Incremental)
            .OrderByDescending(c => c.StartedAt).Select(c => c.StartedBy)];
    }

    private static string? Department(SandboxScimTarget target, string userName) =>
        target.Users.FirstOrDefault(u => string.Equals(u["userName"]?.GetValue<string>(), userName, StringComparison.OrdinalIgnoreCase))
            ?[EnterpriseUser] is JsonObject enterprise
            ? enterprise["department"]?.GetValue<string>()
            : null;

    private static async Task WaitForAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + CycleTimeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting for {what}.");
            await Task.Delay(500, TestContext.Current.CancellationToken);
        }
    }

    private async Task WaitForCyclesToEndAsync()
    {
        var deadline = DateTime.UtcNow + CycleTimeout;
        while (true)
        {
            await using var db = Host.CreateContext();
            if (!await db.AcrossAllTenants<Cycle>().AnyAsync(c => c.State == CycleState.Running, TestContext.Current.CancellationToken))
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, "A cycle is still running.");
            await Task.Delay(500, TestContext.Current.CancellationToken);
        }
    }
}
