using Microsoft.Playwright;
using Portal.Browser.Tests.Pages;

namespace Portal.Browser.Tests;

/// <summary>The Content-Security-Policy and MudBlazor together: every page renders and reacts, and Chromium refuses nothing.</summary>
public sealed class SecurityPolicyTests(BrowserFixture browser) : PortalPageTest(browser)
{
    [Fact]
    public async Task EveryPage_RendersInteractively_WithoutPolicyViolations_WhenSignedInAsOperator()
    {
        await new DevSignIn(Page, Address).AsAsync("Olga Operator", "Portal.Operator");
        foreach (var path in new[] { "/", "/applications", "/logs", "/helpdesk", "/notifications", "/audit", "/role-assignments", "/tenants" })
        {
            var response = await Page.GotoAsync(new Uri(Address, path).ToString());
            Assert.Equal(200, response!.Status);
            Assert.Contains("frame-ancestors 'none'", await response.HeaderValueAsync("content-security-policy"), StringComparison.Ordinal);
            await Blazor.WaitUntilInteractiveAsync(Page);
        }

        // A MudBlazor dialog needs its scripts and inline styles: open one and type into it.
        var applications = new ApplicationsPageObject(Page, Address);
        await applications.OpenAsync();
        await applications.AddAsync("GoTo Meeting", "GoTo Meeting");
        await Assertions.Expect(Page.GetByRole(AriaRole.Tab, new() { Name = "Provisioning", Exact = true })).ToBeVisibleAsync();

        await Page.GotoAsync(new Uri(Address, "/hangfire").ToString());
        await Assertions.Expect(Page.GetByRole(AriaRole.Link, new() { Name = "Hangfire Dashboard" })).ToBeVisibleAsync();
        await Page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        Assert.Empty(PolicyViolations);
    }
}
