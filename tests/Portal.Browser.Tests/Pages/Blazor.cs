using Microsoft.Playwright;

namespace Portal.Browser.Tests.Pages;

internal static class Blazor
{
    /// <summary>Waits until the Blazor circuit is connected, so clicks reach event handlers instead of the prerendered HTML.</summary>
    public static async Task WaitUntilInteractiveAsync(IPage page)
    {
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await page.WaitForFunctionAsync("() => window.Blazor !== undefined && document.querySelector('.mud-layout') !== null");
        await page.WaitForTimeoutAsync(300);
    }

    /// <summary>Opens a MudSelect by its label and picks an option by its text.</summary>
    public static async Task PickAsync(IPage page, string label, string option)
    {
        await page.GetByLabel(label, new() { Exact = true }).ClickAsync(new() { Force = true });
        await page.GetByRole(AriaRole.Option, new() { Name = option, Exact = true }).ClickAsync();
    }
}
