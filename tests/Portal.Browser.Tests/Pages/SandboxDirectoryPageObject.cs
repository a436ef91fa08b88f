using Microsoft.Playwright;

namespace Portal.Browser.Tests.Pages;

/// <summary>The Sandbox directory page of the embedded default: the demo users and the linked apps' Sync now.</summary>
internal sealed class SandboxDirectoryPageObject(IPage page, Uri host)
{
    public async Task OpenAsync()
    {
        await page.GotoAsync(new Uri(host, "/sandbox-directory").ToString());
        await Blazor.WaitUntilInteractiveAsync(page);
        await page.GetByRole(AriaRole.Heading, new() { Name = "Sandbox directory", Level = 1 }).WaitForAsync();
    }

    /// <summary>Finds a user by user principal name and opens the editor.</summary>
    public async Task EditAsync(string userPrincipalName, string displayName)
    {
        await page.GetByLabel("Search users").FillAsync(userPrincipalName);
        await page.GetByLabel("Search users").PressAsync("Enter");
        await Assertions.Expect(page.GetByText("1–1 of 1")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Cell, new() { Name = userPrincipalName, Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = $"Edit {displayName}" }).WaitForAsync();
    }

    public ILocator Field(string label) => page.GetByLabel(label, new() { Exact = true });

    public Task SaveAsync() => page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();

    public Task SyncNowAsync(string applicationName) =>
        page.GetByRole(AriaRole.Button, new() { Name = $"Sync now: {applicationName}", Exact = true }).ClickAsync();
}
