using Microsoft.Playwright;

namespace Portal.Browser.Tests.Pages;

/// <summary>The development sign-in: pick a seeded demo user and a role.</summary>
internal sealed class DevSignIn(IPage page, Uri host)
{
    public async Task AsAsync(string userDisplayName, string role)
    {
        await page.GotoAsync(new Uri(host, "/account/dev-signin").ToString());
        var user = page.GetByLabel("User");
        var option = await user.Locator("option", new() { HasTextString = userDisplayName }).First.GetAttributeAsync("value");
        await user.SelectOptionAsync(option!);
        await page.GetByLabel("Role").SelectOptionAsync(role);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/account/", StringComparison.Ordinal));
        await Blazor.WaitUntilInteractiveAsync(page);
    }
}
