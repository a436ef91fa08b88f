using Microsoft.Playwright;

namespace Portal.Browser.Tests.Pages;

/// <summary>One application's page and its tabs, in Entra's order.</summary>
internal sealed class ApplicationPageObject(IPage page)
{
    public ILocator Tab(string name) => page.GetByRole(AriaRole.Tab, new() { Name = name, Exact = true });

    public async Task OpenTabAsync(string name)
    {
        await Tab(name).ClickAsync();
        await page.WaitForTimeoutAsync(200);
    }

    public ILocator Field(string label) => page.GetByLabel(label, new() { Exact = true });

    public Task SaveAsync() => page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
}
