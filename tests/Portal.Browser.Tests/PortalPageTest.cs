using Microsoft.Playwright;

namespace Portal.Browser.Tests;

/// <summary>A test with its own portal host on loopback and a fresh Chromium context and page, at laptop size.</summary>
public abstract class PortalPageTest(BrowserFixture browser) : IAsyncLifetime
{
    protected PortalHost Host { get; } = new();
    protected IBrowserContext Context { get; private set; } = null!;
    protected IPage Page { get; private set; } = null!;
    protected Uri Address { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Address = Host.Start();
        Context = await browser.Browser.NewContextAsync(new() { BaseURL = Address.ToString(), ViewportSize = new() { Width = 1366, Height = 900 } });
        Page = await Context.NewPageAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Context.DisposeAsync();
        await Host.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
