using System.Diagnostics;
using Microsoft.Playwright;

namespace Portal.Benchmarks.Load;

/// <summary>
/// One browser tab on the Logs page (one Blazor circuit) browsing as help-desk staff do: paging, filtering by status,
/// action, identity text and date range (then resetting), and opening a log entry's details. Each action is timed
/// from the click until the browser shows its result (the pager caption changed, or the details drawer is open).
/// </summary>
internal sealed class LogsCircuit(IPage page, Uri host)
{
    // The pager's "1-25 of N" caption (the other caption reads "Rows per page:").
    private const string Caption = ".mud-table-pagination-caption[translate='no']";

    // The open details drawer (the navigation drawer is open too, so it is told apart by its close button).
    private const string Details = ".mud-drawer--open:has([aria-label='Close details'])";

    public async Task OpenAsync()
    {
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

    /// <summary>Runs the browsing script round and round until <paramref name="stop"/>; adds each action's time by kind.</summary>
    public async Task BrowseAsync(BrowserTimes times, int circuit, CancellationToken stop)
    {
        // Each circuit starts at a different point of the script, so the tabs do not all filter at once.
        var script = Script();
        for (var step = CleanSteps[circuit % CleanSteps.Length]; !stop.IsCancellationRequested; step++)
        {
            var (kind, action) = script[step % script.Length];
            try
            {
                times.Add(kind, await action());
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

    private (string Kind, Func<Task<double>> Action)[] Script() =>
    [
        ("page", () => PageAsync(next: true)),
        ("page", () => PageAsync(next: true)),
        ("details", OpenDetailsAsync),
        ("page", () => PageAsync(next: false)),
        ("filter", () => FilterAsync(() => PickAsync("Status", "Failure"))),
        ("details", OpenDetailsAsync),
        ("filter", ResetAsync),
        ("filter", () => FilterAsync(() => PickAsync("Action", "Delete"))),
        ("page", () => PageAsync(next: true)),
        ("filter", ResetAsync),
        ("filter", () => FilterAsync(() => page.GetByLabel("Identity", new() { Exact = true }).FillAsync("Megan"))),
        ("details", OpenDetailsAsync),
        ("filter", ResetAsync),
        ("filter", () => FilterAsync(async () =>
        {
            await page.GetByLabel("From date", new() { Exact = true }).FillAsync("2026-11-01");
            await page.GetByLabel("To date", new() { Exact = true }).FillAsync("2026-11-20");
        })),
        ("filter", ResetAsync),
    ];

    private async Task<double> PageAsync(bool next)
    {
        var button = page.Locator(next ? "button[aria-label='Next page']" : "button[aria-label='Previous page']");
        if (await button.IsDisabledAsync())
        {
            button = page.Locator(next ? "button[aria-label='Previous page']" : "button[aria-label='Next page']");
        }

        return await UntilCaptionChangesAsync(() => button.ClickAsync());
    }

    /// <summary>Sets a filter (untimed, as typing is), then times Apply until the grid shows the filtered page.</summary>
    private async Task<double> FilterAsync(Func<Task> set)
    {
        await set();
        return await UntilCaptionChangesAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Apply filters" }).ClickAsync());
    }

    private Task<double> ResetAsync() => UntilCaptionChangesAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Reset", Exact = true }).ClickAsync());

    private async Task PickAsync(string label, string option)
    {
        await page.GetByLabel(label, new() { Exact = true }).ClickAsync(new() { Force = true });
        await page.GetByRole(AriaRole.Option, new() { Name = option, Exact = true }).ClickAsync();
    }

    private async Task<double> OpenDetailsAsync()
    {
        var row = page.Locator("table tbody tr.mud-table-row").First;
        var clock = Stopwatch.StartNew();
        await row.ClickAsync();
        // The drawer is open and shows the entry's tabs (a closed temporary drawer keeps its content in the DOM).
        await page.Locator($"{Details} [role='tab']:has-text('Troubleshooting')").WaitForAsync(new() { Timeout = 20_000 });
        var elapsed = clock.Elapsed.TotalMilliseconds;
        await page.GetByLabel("Close details").ClickAsync();
        await page.Locator(Details).WaitForAsync(new() { State = WaitForSelectorState.Detached, Timeout = 20_000 });
        return elapsed;
    }

    private async Task<double> UntilCaptionChangesAsync(Func<Task> click)
    {
        var before = await page.Locator(Caption).InnerTextAsync();
        var clock = Stopwatch.StartNew();
        await click();
        await page.WaitForFunctionAsync($"old => document.querySelector(\"{Caption}\")?.textContent?.trim() !== old.trim()", before,
            new() { Timeout = 20_000, PollingInterval = 10 });
        return clock.Elapsed.TotalMilliseconds;
    }
}
