using System.Diagnostics;
using Microsoft.Playwright;

namespace Portal.Benchmarks.Load;

/// <summary>
/// One browser tab on the Logs page (one Blazor circuit) that pages forward and back through the log grid; each
/// action is timed from the click until the grid shows the new page (the pager caption changed).
/// </summary>
internal sealed class LogsCircuit(IPage page, Uri host)
{
    // The pager's "1-25 of N" caption (the other caption reads "Rows per page:").
    private const string Caption = ".mud-table-pagination-caption[translate='no']";

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

    /// <summary>Pages three forward, three back, and so on, until <paramref name="stop"/>; adds each response time.</summary>
    public async Task BrowseAsync(List<double> times, CancellationToken stop)
    {
        var forward = true;
        var step = 0;
        while (!stop.IsCancellationRequested)
        {
            var button = page.Locator(forward ? "button[aria-label='Next page']" : "button[aria-label='Previous page']");
            var before = await page.Locator(Caption).InnerTextAsync();
            var clock = Stopwatch.StartNew();
            await button.ClickAsync();
            await page.WaitForFunctionAsync($"old => document.querySelector(\"{Caption}\")?.textContent?.trim() !== old.trim()", before,
                new() { Timeout = 60_000, PollingInterval = 10 });
            var elapsed = clock.Elapsed.TotalMilliseconds;
            lock (times)
            {
                times.Add(elapsed);
            }

            if (++step % 3 == 0)
            {
                forward = !forward;
            }
        }
    }
}
