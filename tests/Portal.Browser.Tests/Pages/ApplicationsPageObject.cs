using Microsoft.Playwright;

namespace Portal.Browser.Tests.Pages;

/// <summary>The Applications page: the tenant's apps and the gallery.</summary>
internal sealed class ApplicationsPageObject(IPage page, Uri host)
{
    public async Task OpenAsync()
    {
        await page.GotoAsync(new Uri(host, "/applications").ToString());
        await Blazor.WaitUntilInteractiveAsync(page);
        await page.GetByRole(AriaRole.Heading, new() { Name = "Gallery" }).WaitForAsync();
    }

    /// <summary>Adds an app from the gallery and lands on its page.</summary>
    public async Task AddAsync(string templateName, string name)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = $"Add {templateName}" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Name").FillAsync(name);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/applications/", StringComparison.Ordinal));
        await page.GetByRole(AriaRole.Heading, new() { Name = name, Level = 1 }).WaitForAsync();
    }
}
