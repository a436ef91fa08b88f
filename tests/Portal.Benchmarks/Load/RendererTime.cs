using Microsoft.Playwright;

namespace Portal.Benchmarks.Load;

/// <summary>
/// Where the tabs spend their time, from Chromium's own counters (DevTools <c>Performance.getMetrics</c>): CPU time of
/// the renderer processes and their main threads, and the main threads' time in script, style recalculation, layout
/// and all tasks together, summed over every tab between <see cref="StartAsync"/> and <see cref="StopAsync"/>. On a
/// machine the tabs share with the portal, this says which browser work a change to the page would have to cut.
/// </summary>
internal sealed class RendererTime
{
    // ProcessTime and ThreadTime are CPU time (the renderer process, its main thread); the durations are the main
    // thread's wall-clock time in each kind of work, which grows on a busy machine while a thread waits for a core.
    private static readonly string[] Metrics = ["ProcessTime", "ThreadTime", "TaskDuration", "ScriptDuration", "RecalcStyleDuration", "LayoutDuration"];
    private readonly List<ICDPSession> _sessions = [];
    private Dictionary<string, double> _before = [];

    public Dictionary<string, double> Spent { get; private set; } = [];

    public async Task StartAsync(IEnumerable<IPage> pages)
    {
        foreach (var page in pages)
        {
            var session = await page.Context.NewCDPSessionAsync(page);
            await session.SendAsync("Performance.enable");
            _sessions.Add(session);
        }

        _before = await SumAsync();
    }

    public async Task StopAsync()
    {
        var after = await SumAsync();
        Spent = Metrics.ToDictionary(m => m, m => after[m] - _before[m], StringComparer.Ordinal);
    }

    private async Task<Dictionary<string, double>> SumAsync()
    {
        var sums = Metrics.ToDictionary(m => m, _ => 0.0, StringComparer.Ordinal);
        foreach (var session in _sessions)
        {
            var reply = await session.SendAsync("Performance.getMetrics");
            foreach (var metric in reply!.Value.GetProperty("metrics").EnumerateArray())
            {
                var name = metric.GetProperty("name").GetString()!;
                if (sums.ContainsKey(name))
                {
                    sums[name] += metric.GetProperty("value").GetDouble();
                }
            }
        }

        return sums;
    }
}
