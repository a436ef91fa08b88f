using Microsoft.Playwright;

namespace Portal.Browser.Tests.Pages;

/// <summary>The help desk's failures inbox.</summary>
internal sealed class FailuresInboxPageObject(IPage page, Uri host)
{
    public async Task OpenAsync()
    {
        await page.GotoAsync(new Uri(host, "/helpdesk").ToString());
        await Blazor.WaitUntilInteractiveAsync(page);
        await page.GetByRole(AriaRole.Heading, new() { Name = "Failures inbox", Level = 1 }).WaitForAsync();
    }

    public ILocator Group(string errorCode) => page.GetByRole(AriaRole.Heading, new() { Name = errorCode });

    public Task RetryAsync(string identity) => page.GetByRole(AriaRole.Button, new() { Name = $"Retry {identity}" }).ClickAsync();

    public Task MarkReviewedAsync(string identity) => page.GetByRole(AriaRole.Button, new() { Name = $"Mark reviewed: {identity}" }).ClickAsync();
}
