using Microsoft.Playwright;

namespace Portal.Browser.Tests;

/// <summary>
/// A test with its own portal host on loopback and a fresh Chromium context and page, at laptop size. Every test also
/// proves the Content-Security-Policy lets its pages work: a violation Chromium reports fails the test.
/// </summary>
public abstract class PortalPageTest(BrowserFixture browser) : IAsyncLifetime
{
    private readonly List<string> _policyViolations = [];

    protected PortalHost Host { get; } = new();
    protected IBrowserContext Context { get; private set; } = null!;
    protected IPage Page { get; private set; } = null!;
    protected Uri Address { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Address = Host.Start();
        Context = await browser.Browser.NewContextAsync(new() { BaseURL = Address.ToString(), ViewportSize = new() { Width = 1366, Height = 900 } });
        Page = await Context.NewPageAsync();
        Page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                lock (_policyViolations)
                {
                    _policyViolations.Add($"{message.Location}: {message.Text}");
                }
            }
        };
    }

    /// <summary>What Chromium refused because of the Content-Security-Policy so far.</summary>
    protected IReadOnlyList<string> PolicyViolations
    {
        get
        {
            lock (_policyViolations)
            {
                return [.. _policyViolations];
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Context.DisposeAsync();
        await Host.DisposeAsync();
        GC.SuppressFinalize(this);
        Assert.Empty(PolicyViolations);
    }
}
