using Microsoft.Playwright;

namespace Portal.Benchmarks.Load;

/// <summary>The development sign-in as the demo tenant's admin; the cookie serves every tab of the browser context.</summary>
internal static class SignIn
{
    public static async Task AsTenantAdminAsync(IPage page, Uri host)
    {
        await page.GotoAsync(new Uri(host, "/account/dev-signin").ToString(), new() { Timeout = 120_000 });
        var user = page.GetByLabel("User");
        var option = await user.Locator("option", new() { HasTextString = "Adele Admin" }).First.GetAttributeAsync("value");
        await user.SelectOptionAsync(option!);
        await page.GetByLabel("Role").SelectOptionAsync("Portal.TenantAdmin");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/account/", StringComparison.Ordinal), new() { Timeout = 120_000 });
    }
}
