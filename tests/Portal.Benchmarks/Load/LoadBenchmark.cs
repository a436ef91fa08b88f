using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Portal.Benchmarks.Logs;
using Portal.Benchmarks.Sync;
using Portal.Data;
using Portal.Web.Identity;

namespace Portal.Benchmarks.Load;

/// <summary>
/// <c>load [--circuits 50] [--jobs 20] [--seconds 60] [--logs 20000] [--contexts 5] [--think-seconds 10]
/// [--warmup-seconds 60] [--full-motion]</c>: the real portal on loopback (embedded default with the sandbox, SQLite),
/// <c>jobs</c> Generic SCIM jobs of the demo tenant syncing back to back against the sandbox SCIM target, a seeded
/// provisioning log, and <c>circuits</c> Chromium tabs signed in as tenant admin browsing the Logs page (paging,
/// filters, details; see <see cref="LogsCircuit"/>), each pausing <c>think-seconds</c> on average after an action as
/// a person reads the page (0 drives every tab as fast as it goes: a stress run, not browsing). Each action is timed
/// in the page from click to result, and around the automation; beside it, the portal's own Blazor and hosting
/// instruments (<see cref="ServerLatency"/>) give the server's side of the same window. Goal: p95 under 500 ms.
/// </summary>
internal static class LoadBenchmark
{
    private const double GoalMs = 500;

    public static async Task<int> RunAsync(string[] args)
    {
        var circuits = Number(args, "--circuits", 50);
        var jobCount = Number(args, "--jobs", 20);
        var seconds = Number(args, "--seconds", 60);
        var logRows = Number(args, "--logs", 20_000);
        var contextCount = Math.Clamp(Number(args, "--contexts", 5), 1, circuits);
        var think = TimeSpan.FromSeconds(Number(args, "--think-seconds", 10));
        var warmup = TimeSpan.FromSeconds(Number(args, "--warmup-seconds", 60));
        // The tabs ask for reduced motion, which the portal honours: 50 tabs' drawer and popover transitions on the
        // server's own 2 cores are the harness's cost, not a user's. --full-motion measures with them.
        var motion = args.Contains("--full-motion") ? ReducedMotion.NoPreference : ReducedMotion.Reduce;
        var ct = CancellationToken.None;

        // Listening before the host starts, so every instrument it publishes is seen.
        using var server = new ServerLatency();
        await using var database = await BenchmarkDatabase.CreateAsync(DatabaseProvider.Sqlite, null, ct);
        await using var host = new LoadHost(database.Settings);
        var address = host.Start();
        Guid tenantId;
        await using (var db = database.CreateContext(null))
        {
            tenantId = await db.Tenants.Where(t => t.DirectoryId == DemoDirectory.DirectoryId).Select(t => t.Id).SingleAsync(ct);
        }

        var jobs = new SyncingJobs(host.Services, tenantId);
        await jobs.AddAsync(jobCount, ct);
        await SeedLogsAsync(database, tenantId, jobs.JobIds, logRows, ct);
        Console.WriteLine($"portal at {address}, {jobCount} jobs, {logRows:N0} log rows seeded");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var tabs = await OpenCircuitsAsync(browser, address, circuits, contextCount, motion);
        Console.WriteLine($"{tabs.Count} circuits on /logs, {(motion == ReducedMotion.Reduce ? "reduced" : "full")} motion");

        using var stop = new CancellationTokenSource();
        var syncing = jobs.RunAsync(stop.Token);
        var times = new BrowserTimes();
        var automation = new BrowserTimes();
        var browsing = tabs.Select((tab, i) => tab.BrowseAsync(times, automation, i, think, stop.Token)).ToList();
        // The tabs browse and the jobs sync unmeasured first: the jobs' initial cycles, and the JIT compiling the
        // portal's hot code again with the profile it gathered (over a third of a core for a minute or more after
        // start-up), are a process's first minutes, not the steady state a portal serves its users in.
        await Task.Delay(warmup, ct);
        var cyclesBefore = jobs.Cycles;
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var machine = new MachineTime();
        machine.Start();
        var gcPauseBefore = GC.GetTotalPauseDuration();
        var fullCollectionsBefore = GC.CollectionCount(2);
        var window = Stopwatch.StartNew();
        stop.CancelAfter(TimeSpan.FromSeconds(seconds));
        server.Start();
        times.Start();
        automation.Start();
        var renderer = new RendererTime();
        await renderer.StartAsync(tabs.Select(t => t.Page));
        var failedCircuits = 0;
        foreach (var circuit in browsing)
        {
            try
            {
                await circuit;
            }
            catch (Exception e) when (e is PlaywrightException or TimeoutException)
            {
                failedCircuits++;
                await Console.Error.WriteLineAsync($"circuit failed: {e.Message.Split('\n')[0]}");
            }
        }

        window.Stop();
        server.Stop();
        await renderer.StopAsync();
        process.Refresh();
        // The portal and the syncing jobs run in this process, Chromium in others: on a shared 2-core machine this
        // shows how much of the window the portal side got.
        Console.WriteLine($"portal process CPU in the window: {(process.TotalProcessorTime - cpuBefore).TotalSeconds:F1} s of {window.Elapsed.TotalSeconds:F0} s wall clock");
        if (machine.Report() is { } machineTime)
        {
            Console.WriteLine(machineTime);
        }

        // Every thread of the process, circuits included, stands still while the GC pauses it.
        Console.WriteLine($"GC pauses in the window: {(GC.GetTotalPauseDuration() - gcPauseBefore).TotalSeconds:F1} s, {GC.CollectionCount(2) - fullCollectionsBefore} full collections ({(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} GC)");
        var cycles = jobs.Cycles - cyclesBefore;
        await syncing;
        return Report(circuits, jobCount, think, warmup, window.Elapsed.TotalSeconds, times, automation, server, renderer, cycles, jobs.FailedCycles, failedCircuits);
    }

    private static async Task<List<LogsCircuit>> OpenCircuitsAsync(IBrowser browser, Uri address, int circuits, int contextCount, ReducedMotion motion)
    {
        var tabs = new List<LogsCircuit>();
        for (var c = 0; c < contextCount; c++)
        {
            var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1366, Height = 900 }, ReducedMotion = motion });
            var first = await context.NewPageAsync();
            await SignIn.AsTenantAdminAsync(first, address);
            var pages = circuits / contextCount + (c < circuits % contextCount ? 1 : 0);
            var opened = new List<LogsCircuit>();
            for (var p = 0; p < pages; p++)
            {
                opened.Add(new LogsCircuit(p == 0 ? first : await context.NewPageAsync(), address));
            }

            // Opened a context at a time: 50 circuits starting at once would measure start-up, not browsing.
            await Task.WhenAll(opened.Select(t => t.OpenAsync()));
            tabs.AddRange(opened);
        }

        return tabs;
    }

    private static async Task SeedLogsAsync(BenchmarkDatabase database, Guid tenantId, IReadOnlyList<Guid> jobIds, int rows, CancellationToken ct)
    {
        var index = 0;
        IEnumerable<Portal.Data.Entities.ProvisioningLogEntry> Entries() => LogRows.Generate(rows).Select(row =>
        {
            row.TenantId = tenantId;
            // With --jobs 0 (the UI alone, for comparison) the rows keep their generated jobs.
            row.JobId = jobIds.Count == 0 ? row.JobId : jobIds[index++ % jobIds.Count];
            return row;
        });
        await LogBulkLoader.LoadAsync(database, [tenantId], Entries, ct);
    }

    private static int Report(int circuits, int jobs, TimeSpan think, TimeSpan warmup, double seconds, BrowserTimes times, BrowserTimes automation, ServerLatency server, RendererTime renderer, int cycles, int failedCycles, int failedCircuits)
    {
        var all = times.All();
        var handlers = server.EventHandlers();
        var met = all.Count > 0 && all.P95 < GoalMs && failedCircuits == 0 && times.Failures.Count == 0;
        Console.WriteLine($"  {"circuits",-28} {circuits,10}");
        Console.WriteLine($"  {"syncing jobs",-28} {jobs,10}");
        Console.WriteLine($"  {"think time per action (s)",-28} {think.TotalSeconds,10:F0}");
        Console.WriteLine($"  {"warm-up, unmeasured (s)",-28} {warmup.TotalSeconds,10:F0}");
        Console.WriteLine($"  {"window (s)",-28} {seconds,10:F0}");
        Console.WriteLine($"  {"UI actions",-28} {all.Count,10:N0}");
        Console.WriteLine($"  {"p50 (ms)",-28} {all.P50,10:F0}");
        Console.WriteLine($"  {"p95 (ms)",-28} {all.P95,10:F0}{(all.P95 < GoalMs ? "" : "   MISSED (goal < 500 ms)")}");
        Console.WriteLine($"  {"max (ms)",-28} {all.Max,10:F0}");
        Console.WriteLine($"  {"cycles completed meanwhile",-28} {cycles,10:N0}");
        Console.WriteLine($"  {"cycles failed (all run)",-28} {failedCycles,10:N0}");
        Console.WriteLine($"  {"circuits that failed",-28} {failedCircuits,10:N0}");
        Console.WriteLine($"  {"steps that timed out",-28} {times.Failures.Count,10:N0}");
        foreach (var failure in times.Failures.Distinct().Take(5))
        {
            Console.WriteLine($"    {failure}");
        }

        Console.WriteLine();
        Console.WriteLine($"  {"in the page, click to result shown (ms)",-72} {"count",7} {"p50",9} {"p95",9} {"max",9}");
        Console.WriteLine($"  {"all actions",-72} {all}");
        foreach (var (kind, kindTimes) in times.ByKind())
        {
            Console.WriteLine($"  {kind,-72} {kindTimes}");
        }

        Console.WriteLine($"  {"around the automation, Playwright's checks and round trips included (ms)",-72}");
        Console.WriteLine($"  {"all actions",-72} {automation.All()}");

        Console.WriteLine($"  {"the tabs' renderers, all tabs together (s; Chromium's counters)",-72}");
        foreach (var (metric, spent) in renderer.Spent)
        {
            Console.WriteLine($"  {metric,-72} {spent,7:F1}  ({spent * 1000 / Math.Max(1, all.Count),5:F0} ms per action)");
        }

        Console.WriteLine($"  {"server-side, the portal's own instruments (ms)",-72}");
        Console.WriteLine($"  {"all Blazor event handlers (the server's share of a click)",-72} {handlers}");
        foreach (var (instrument, serverTimes) in server.Report().Take(14))
        {
            Console.WriteLine($"  {Fit(instrument, 72),-72} {serverTimes}");
        }

        Console.WriteLine(JsonSerializer.Serialize(new
        {
            circuits, jobs, thinkSeconds = think.TotalSeconds, warmupSeconds = warmup.TotalSeconds, actions = all.Count, p50Ms = Math.Round(all.P50), p95Ms = Math.Round(all.P95), maxMs = Math.Round(all.Max), cycles,
            automationP95Ms = Math.Round(automation.All().P95),
            serverEventHandlers = new { count = handlers.Count, p50Ms = Math.Round(handlers.P50), p95Ms = Math.Round(handlers.P95), maxMs = Math.Round(handlers.Max) },
        }));
        return met ? 0 : 1;
    }

    private static string Fit(string text, int width) => text.Length <= width ? text : text[..(width - 1)] + "…";

    private static int Number(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
