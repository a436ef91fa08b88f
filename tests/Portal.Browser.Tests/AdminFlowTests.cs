using Microsoft.Playwright;
using Portal.Browser.Tests.Pages;

namespace Portal.Browser.Tests;

/// <summary>The seed flow as a tenant admin walks it: add GoTo Meeting, Provisioning settings with validation, Mappings.</summary>
public sealed class AdminFlowTests(BrowserFixture browser) : IAsyncLifetime
{
    private readonly PortalHost _host = new();
    private IBrowserContext _context = null!;
    private IPage _page = null!;
    private Uri _address = null!;

    public async ValueTask InitializeAsync()
    {
        _address = _host.Start();
        _context = await browser.Browser.NewContextAsync(new() { BaseURL = _address.ToString(), ViewportSize = new() { Width = 1366, Height = 900 } });
        _page = await _context.NewPageAsync();
    }

    [Fact]
    public async Task AdminFlow_AddsGoToMeetingAndSavesValidatedSettings_WhenSignedInAsTenantAdmin()
    {
        await new DevSignIn(_page, _address).AsAsync("Adele Admin", "Portal.TenantAdmin");
        await Assertions.Expect(_page.GetByRole(AriaRole.Heading, new() { Name = "Overview", Level = 1 })).ToBeVisibleAsync();
        await Screenshots.SaveAsync(_page, "01-overview");

        var applications = new ApplicationsPageObject(_page, _address);
        await applications.OpenAsync();
        await Screenshots.SaveAsync(_page, "02-applications-gallery");
        await applications.AddAsync("GoTo Meeting", "GoTo Meeting");

        var app = new ApplicationPageObject(_page);
        string[] tabs = ["Overview", "Users and groups", "Provisioning", "Mappings", "Provision on demand", "Dry run", "Provisioning logs"];
        Assert.Equal(tabs, (await _page.GetByRole(AriaRole.Tab).AllTextContentsAsync()).Select(t => t.Trim()).ToArray());
        await Screenshots.SaveAsync(_page, "03-app-overview");

        await app.OpenTabAsync("Users and groups");
        await Assertions.Expect(_page.GetByText("the \"Default Access\" role does not provision")).ToBeVisibleAsync();
        await Screenshots.SaveAsync(_page, "04-users-and-groups");

        await app.OpenTabAsync("Provisioning");
        await Blazor.PickAsync(_page, "Provisioning Mode", "Automatic");
        await app.Field("Tenant URL").FillAsync(string.Empty);
        await app.Field("Admin User Name").FillAsync("teamadmin@contoso.example");
        await app.SaveAsync();
        await Assertions.Expect(_page.GetByText("Tenant URL is required for automatic provisioning.")).ToBeVisibleAsync();
        await Assertions.Expect(app.Field("Admin User Name")).ToHaveValueAsync("teamadmin@contoso.example");
        await Screenshots.SaveAsync(_page, "05-provisioning-validation");

        await app.Field("Tenant URL").FillAsync("http://127.0.0.1:1/scim/v2");
        await app.Field("Admin Password").FillAsync("s3cret-admin-password");
        await app.Field("Notification Email").FillAsync("ops@contoso.example");
        await app.SaveAsync();
        await Assertions.Expect(_page.GetByText("Provisioning settings saved.")).ToBeVisibleAsync();
        await Assertions.Expect(_page.GetByText("Set — type a new value to replace it")).ToBeVisibleAsync();
        Assert.DoesNotContain("s3cret-admin-password", await _page.ContentAsync(), StringComparison.Ordinal);
        await Screenshots.SaveAsync(_page, "06-provisioning-saved");

        await app.OpenTabAsync("Mappings");
        await _page.GetByRole(AriaRole.Button, new() { Name = "Provision Microsoft Entra ID Users" }).ClickAsync();
        await Assertions.Expect(_page.GetByRole(AriaRole.Heading, new() { Name = "Attribute Mappings" })).ToBeVisibleAsync();
        await Assertions.Expect(_page.GetByRole(AriaRole.Cell, new() { Name = "userPrincipalName", Exact = true })).ToBeVisibleAsync();
        await Screenshots.SaveAsync(_page, "07-mappings");

        await _page.GetByRole(AriaRole.Button, new() { Name = "Edit userName" }).ClickAsync();
        await Assertions.Expect(_page.GetByRole(AriaRole.Dialog)).ToBeVisibleAsync();
        await Screenshots.SaveAsync(_page, "08-mapping-editor");
    }

    public async ValueTask DisposeAsync()
    {
        await _context.DisposeAsync();
        await _host.DisposeAsync();
    }
}
