using System.Diagnostics;
using Microsoft.Playwright;

namespace Portal.Benchmarks.Load;

/// <summary>
/// One browser tab on the Logs page (one Blazor circuit) browsing as help-desk staff do: paging, filtering by status,
/// action, identity text and date range (then resetting), and opening a log entry's details. Each action is timed
/// twice: inside the page, from the click event to the DOM change that shows its result (the pager caption changed,
/// or the details drawer is open), which is what a person at the screen waits for; and around the automation, which
/// adds Playwright's actionability checks and its round trips to 50 tabs.
/// </summary>
internal sealed class LogsCircuit(IPage page, Uri host)
{
    // Every click's time on the page's own clock, taken in the capture phase before any handler runs.
    private const string ClickClock = "document.addEventListener('click', () => { window.portalLastClick = performance.now(); }, true);";

    // Resolves, on the page's clock, with the time from the last click to the first DOM change for which `shown`
    // holds. The observer is in place before the click is sent: Playwright delivers a page's commands in order.
    private const string UntilShown = """
        spec => new Promise(resolve => {
            const shown = () => spec.before !== null
                ? (document.querySelector(spec.selector)?.textContent?.trim() ?? '') !== spec.before
                : [...document.querySelectorAll(spec.selector)].some(e => e.textContent.includes(spec.text));
            const done = () => resolve(performance.now() - window.portalLastClick);
            const observer = new MutationObserver(() => {
                if (shown()) { observer.disconnect(); done(); }
            });
            observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
            // Should the click have overtaken this script, its result may already be there.
            if (shown()) { observer.disconnect(); done(); }
        })
        """;

    private bool _clockInstalled;

    public IPage Page => page;

    // The pager's "1-25 of N" caption (the other caption reads "Rows per page:").
    private const string Caption = ".mud-table-pagination-caption[translate='no']";

    // The open details drawer (the navigation drawer is open too, so it is told apart by its close button).
    private const string Details = ".mud-drawer--open:has([aria-label='Close details'])";

    public async Task OpenAsync()
    {
        if (!_clockInstalled)
        {
            await page.AddInitScriptAsync(ClickClock);
            _clockInstalled = true;
        }

        await page.GotoAsync(new Uri(host, "/logs").ToString(), new() { Timeout = 120_000 });
        await page.WaitForFunctionAsync("() => window.Blazor !== undefined && document.querySelector('.mud-layout') !== null", null, new() { Timeout = 120_000 });
        // The prerendered grid reads "0-0 of 0" until the circuit has loaded the first page.
        await page.WaitForFunctionAsync($"() => /^1-\\d+ of [1-9]/.test(document.querySelector(\"{Caption}\")?.textContent?.trim() ?? '')", null,
            new() { Timeout = 120_000 });
        // The prerendered page turns interactive once the circuit is up; clicks before that reach nothing.
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle, new() { Timeout = 120_000 });
    }

    // Points of the script where no filter is set: a circuit may start there.
    private static readonly int[] CleanSteps = [0, 2, 4, 7, 10, 13];

    /// <summary>
    /// Runs the browsing script round and round until <paramref name="stop"/>; adds each action's times by kind. After
    /// each action the tab waits <paramref name="think"/> on average (half to one and a half of it, drawn per circuit
    /// from a fixed seed), as a person reads the page before the next click; zero drives the tab as fast as it goes.
    /// </summary>
    public async Task BrowseAsync(BrowserTimes times, BrowserTimes automation, int circuit, TimeSpan think, CancellationToken stop)
    {
        var pauses = new Random(circuit);
        // People do not all click at the same instant: a paced tab first waits a random part of one think time, or the
        // 50 tabs' first actions would all queue together and fill the tail of a short window.
        if (think > TimeSpan.Zero)
        {
            await Task.Delay(think * pauses.NextDouble(), stop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        // Each circuit starts at a different point of the script, so the tabs do not all filter at once.
        var script = Script();
        for (var step = CleanSteps[circuit % CleanSteps.Length]; !stop.IsCancellationRequested; step++)
        {
            var (kind, action) = script[step % script.Length];
            try
            {
                var (inPage, automated) = await action();
                times.Add(kind, inPage);
                automation.Add(kind, automated);
                if (think > TimeSpan.Zero)
                {
                    await Task.Delay(think * (0.5 + pauses.NextDouble()), stop);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (!stop.IsCancellationRequested && e is PlaywrightException or TimeoutException)
            {
                // A step that never finished counts as failed; the tab starts over on a freshly loaded page.
                times.Fail($"{kind} (step {step % script.Length})", e.Message.Split('\n')[0]);
                await OpenAsync();
                step = -1;
            }
        }
    }

    private (string Kind, Func<Task<(double InPage, double Automated)>> Action)[] Script() =>
    [
        ("page", () => PageAsync(next: true)),
        ("page", () => PageAsync(next: true)),
        ("details", OpenDetailsAsync),
        ("page", () => PageAsync(next: false)),
        ("filter", () => FilterAsync(() => PickAsync("Status", "Failure"))),
        ("details", OpenDetailsAsync),
        ("reset", ResetAsync),
        ("filter", () => FilterAsync(() => PickAsync("Action", "Delete"))),
        ("page", () => PageAsync(next: true)),
        ("reset", ResetAsync),
        ("filter", () => FilterAsync(async () =>
        {
            var identity = page.GetByLabel("Identity", new() { Exact = true });
            await identity.FillAsync("Megan");
            // The field commits its value on change, which a dispatched click (no focus move) would not cause.
            await identity.BlurAsync();
        })),
        ("details", OpenDetailsAsync),
        ("reset", ResetAsync),
        ("filter", () => FilterAsync(async () =>
        {
            await page.GetByLabel("From date", new() { Exact = true }).FillAsync("2026-11-01");
            await page.GetByLabel("To date", new() { Exact = true }).FillAsync("2026-11-20");
        })),
        ("reset", ResetAsync),
    ];

    private async Task<(double, double)> PageAsync(bool next)
    {
        var button = page.Locator(next ? "button[aria-label='Next page']" : "button[aria-label='Previous page']");
        if (await button.IsDisabledAsync())
        {
            button = page.Locator(next ? "button[aria-label='Previous page']" : "button[aria-label='Next page']");
        }

        return await UntilCaptionChangesAsync(() => Click(button));
    }

    /// <summary>Sets a filter (untimed, as typing is), then times Apply until the grid shows the filtered page.</summary>
    private async Task<(double, double)> FilterAsync(Func<Task> set)
    {
        await set();
        return await UntilCaptionChangesAsync(() => Click(page.GetByRole(AriaRole.Button, new() { Name = "Apply filters" })));
    }

    private Task<(double, double)> ResetAsync() => UntilCaptionChangesAsync(() => Click(page.GetByRole(AriaRole.Button, new() { Name = "Reset", Exact = true })));

    private async Task PickAsync(string label, string option)
    {
        await page.GetByLabel(label, new() { Exact = true }).ClickAsync(new() { Force = true });
        await page.GetByRole(AriaRole.Option, new() { Name = option, Exact = true }).ClickAsync();
        // The select shows the option once the circuit took it: Apply dispatched before then would filter by the old value.
        await Assertions.Expect(page.GetByRole(AriaRole.Combobox, new() { Name = label, Exact = true })).ToHaveTextAsync(option, new() { Timeout = 20_000 });
    }

    private async Task<(double, double)> OpenDetailsAsync()
    {
        var row = page.Locator("table tbody tr.mud-table-row").First;
        // The drawer is open and shows the entry's tabs (a closed temporary drawer keeps its content in the DOM).
        var times = await TimeAsync(() => Click(row), new { selector = $"{Details} [role='tab']", before = (string?)null, text = "Troubleshooting" });
        await Click(page.GetByLabel("Close details"));
        await page.Locator(Details).WaitForAsync(new() { State = WaitForSelectorState.Detached, Timeout = 20_000 });
        return times;
    }

    private async Task<(double, double)> UntilCaptionChangesAsync(Func<Task> click)
    {
        var before = (await page.Locator(Caption).InnerTextAsync()).Trim();
        return await TimeAsync(click, new { selector = Caption, before, text = (string?)null });
    }

    // A click event dispatched in the page, without Playwright's actionability checks: with 50 tabs on 2 cores those
    // checks (animation frames, hit tests, round trips) cost more CPU than the portal's work they would wait for.
    private static Task Click(ILocator target) => target.DispatchEventAsync("click");

    private async Task<(double InPage, double Automated)> TimeAsync(Func<Task> click, object shown)
    {
        var inPage = page.EvaluateAsync<double>(UntilShown, shown);
        var clock = Stopwatch.StartNew();
        await click();
        var finished = await Task.WhenAny(inPage, Task.Delay(TimeSpan.FromSeconds(20)));
        if (finished != inPage)
        {
            throw new TimeoutException("the result did not show within 20 s");
        }

        return (await inPage, clock.Elapsed.TotalMilliseconds);
    }
}
