using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Portal.Browser.Tests.Pages;
using Portal.Data.Entities;

namespace Portal.Browser.Tests;

/// <summary>The help desk's path: an injected failure shows in the inbox with its recommendation; retry and review it.</summary>
public sealed class HelpDeskTests(BrowserFixture browser) : PortalPageTest(browser)
{
    [Fact]
    public async Task FailuresInbox_ShowsTheInjectedFailureAndClearsItWhenReviewed_WhenSignedInAsHelpDesk()
    {
        var jobId = await InjectFailureAsync("Megan Bowen", "Conflict", "A user with userName megan@contoso.example already exists.",
            "Remove the duplicate account in the target, or match on another attribute.");

        await new DevSignIn(Page, Address).AsAsync("Henry Helpdesk", "Portal.HelpDesk");
        var inbox = new FailuresInboxPageObject(Page, Address);
        await inbox.OpenAsync();
        await Assertions.Expect(inbox.Group("Conflict (1)")).ToBeVisibleAsync();
        await Assertions.Expect(Page.GetByText("Recommendation: Remove the duplicate account in the target")).ToBeVisibleAsync();
        await Screenshots.SaveAsync(Page, "20-helpdesk-inbox");

        await inbox.RetryAsync("Megan Bowen");
        await Assertions.Expect(Page.Locator(".mud-snackbar").First).ToContainTextAsync("Megan Bowen");
        await Screenshots.SaveAsync(Page, "21-helpdesk-retry");

        await inbox.MarkReviewedAsync("Megan Bowen");
        await Assertions.Expect(Page.GetByText("No open failures.")).ToBeVisibleAsync();

        await Page.GotoAsync(new Uri(Address, $"/applications/{await ApplicationIdAsync(jobId)}").ToString());
        await Blazor.WaitUntilInteractiveAsync(Page);
        // Help desk reads the settings and mappings, changes neither, and never sees a secret.
        var app = new ApplicationPageObject(Page);
        await app.OpenTabAsync("Provisioning");
        await Assertions.Expect(Page.GetByTestId("read-only-settings")).ToBeVisibleAsync();
        await Assertions.Expect(app.Field("Tenant URL")).ToHaveAttributeAsync("readonly", "");
        await Assertions.Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true })).ToHaveCountAsync(0);
        await Assertions.Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Test Connection" })).ToHaveCountAsync(0);
        await Screenshots.SaveAsync(Page, "22-helpdesk-settings-read-only");
        await app.OpenTabAsync("Mappings");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Provision Microsoft Entra ID Users" }).ClickAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "View userName" }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Dialog)).ToContainTextAsync("userName (read only)");
        await Assertions.Expect(Page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Ok", Exact = true })).ToHaveCountAsync(0);
        await Page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Close", Exact = true }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true })).ToHaveCountAsync(0);

        await Page.GotoAsync(new Uri(Address, "/logs").ToString());
        await Blazor.WaitUntilInteractiveAsync(Page);
        await Assertions.Expect(Page.GetByRole(AriaRole.Cell, new() { Name = "Megan Bowen" })).ToBeVisibleAsync();
        await Page.GetByRole(AriaRole.Cell, new() { Name = "Megan Bowen" }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Tab, new() { Name = "Troubleshooting" })).ToBeVisibleAsync();
        await Screenshots.SaveAsync(Page, "23-logs-details");
    }

    private Task<Guid> InjectFailureAsync(string name, string code, string reason, string recommendation) =>
        Host.AddJobWithLogsAsync([new ProvisioningLogEntry
        {
            CycleId = Guid.NewGuid(), ActivityDateTime = DateTimeOffset.UtcNow, Action = ProvisioningAction.Create,
            Status = ProvisioningLogStatus.Failure, IdentityType = ObjectKind.User, SourceId = Guid.NewGuid().ToString(), SourceDisplayName = name,
            ErrorCode = code, ErrorReason = reason, RecommendedAction = recommendation,
            StepsJson = """[{"name":"EntryImport","status":"Success","description":"Retrieved the user from the directory."},{"name":"EntryExport","status":"Failure","description":"The target refused the create."}]""",
        }], TestContext.Current.CancellationToken);

    private async Task<Guid> ApplicationIdAsync(Guid jobId)
    {
        await using var global = Host.CreateContext();
        return await global.AcrossAllTenants<ProvisioningJob>().Where(j => j.Id == jobId).Select(j => j.ApplicationId).SingleAsync(TestContext.Current.CancellationToken);
    }
}
