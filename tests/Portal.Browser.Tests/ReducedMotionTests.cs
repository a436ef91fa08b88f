using Microsoft.Playwright;
using Portal.Browser.Tests.Pages;

namespace Portal.Browser.Tests;

/// <summary>The system's "reduce motion" setting: the navigation drawer appears and leaves without sliding.</summary>
public sealed class ReducedMotionTests(BrowserFixture browser) : PortalPageTest(browser)
{
    // Waits for the drawer's classes to change (the circuit's answer to the click), then counts the animations and
    // transitions running at that moment.
    private const string AnimationsOnceToggled = """
        () => new Promise(resolve => {
            const drawer = document.querySelector('.mud-drawer');
            const before = drawer.className;
            const observer = new MutationObserver(() => {
                if (drawer.className !== before) {
                    observer.disconnect();
                    resolve(document.getAnimations().filter(a => a.playState === 'running').length);
                }
            });
            observer.observe(drawer, { attributes: true });
        })
        """;

    [Fact]
    public async Task TogglingTheNavigationDrawer_Slides_OnlyWhenTheSystemDoesNotAskForReducedMotion()
    {
        await new DevSignIn(Page, Address).AsAsync("Adele Admin", "Portal.TenantAdmin");

        Assert.True(await ToggleAsync() > 0);
        await ToggleAsync();

        await Page.EmulateMediaAsync(new() { ReducedMotion = ReducedMotion.Reduce });
        Assert.Equal(0, await ToggleAsync());
        Assert.Equal(0, await ToggleAsync());
        await Assertions.Expect(Page.Locator(".mud-drawer--open")).ToBeVisibleAsync();
    }

    private async Task<int> ToggleAsync()
    {
        // The observer is in place before the click is sent: Playwright delivers a page's commands in order.
        var animations = Page.EvaluateAsync<int>(AnimationsOnceToggled);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Toggle navigation" }).ClickAsync();
        return await animations;
    }
}
