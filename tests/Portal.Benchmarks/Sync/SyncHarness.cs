using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Data.Entities;
using Portal.Data.Secrets;
using Portal.Provisioning;
using Portal.Provisioning.Cycles;
using Portal.Provisioning.Source;
using Portal.Provisioning.Targets.Scim;
using Portal.Sandbox.Graph;
using Portal.Sandbox.Scim;

namespace Portal.Benchmarks.Sync;

/// <summary>
/// The sync benchmark's logic, shared by <c>Portal.Benchmarks sync</c> and the suite's smoke test: a generated
/// directory in the Graph emulator and the strict sandbox SCIM target, each on its own loopback Kestrel server; the raw
/// ceiling into a fresh target; then the engine's initial cycle (rate limit off), an incremental cycle with a share of
/// users changed and one with no change, all against a real portal database.
/// </summary>
public static class SyncHarness
{
    public static async Task<SyncFigures> RunAsync(SyncHarnessOptions options, CancellationToken cancellationToken)
    {
        var progress = options.Progress;
        var emulator = SandboxGraphEmulator.CreateGenerated(options.Users, options.Groups, options.Memberships, options.Seed);
        var directory = emulator.Directory;

        await progress.WriteLineAsync($"raw: plain HttpClient, parallelism {options.Parallelism}, fresh target ...");
        var rawCpu = CpuSeconds();
        var (rawSeconds, rawObjects) = await RawExport.RunAsync(directory, options.Parallelism, cancellationToken);
        rawCpu = CpuSeconds() - rawCpu;
        GC.Collect();

        await using var graph = await SandboxGraphServer.StartAsync(emulator, cancellationToken: cancellationToken);
        await using var scim = await SandboxScimServer.StartAsync("http://127.0.0.1:0", new SandboxScimOptions(), cancellationToken);
        await using var database = await BenchmarkDatabase.CreateAsync(options.Database, options.Connection, cancellationToken);
        await using var services = new ServiceCollection()
            .AddPortalData(database.Settings)
            .AddGraphDirectorySource()
            .AddScimTargets()
            .AddProvisioning(new EngineOptions { AllowPrivateNetworkTargets = true, TargetRequestsPerSecond = null })
            .BuildServiceProvider();
        var file = new SyncJobFile(
            new SyncJobSource(SandboxDemoIds.TenantId, SandboxDemoIds.ClientId, SandboxDemoIds.ClientSecret, SandboxDemoIds.GoToServicePrincipalId,
                graph.BaseUrl, graph.TokenEndpoint, ProvisioningScope.All),
            new SyncJobTarget(scim.ScimBaseUrl, Secret: SandboxScimOptions.DemoToken),
            DeletionThreshold: int.MaxValue, AllowPrivateNetwork: true);
        var (tenantId, jobId) = await SyncJobImport.ApplyAsync(database.CreateContext, file, services.GetRequiredService<SecretProtector>(),
            DateTimeOffset.UtcNow, cancellationToken);
        var engine = services.GetRequiredService<ProvisioningEngine>();
        Task<CycleResult> Cycle() => engine.RunCycleAsync(tenantId, jobId, new CycleOptions(IgnoreQuarantineSchedule: true), cancellationToken);

        ResetPeakWorkingSet();
        await progress.WriteLineAsync($"initial cycle on {options.Database} ...");
        var initialCpu = CpuSeconds();
        var (initial, initialSeconds) = await TimeAsync(Cycle);
        initialCpu = CpuSeconds() - initialCpu;
        var changed = Change(directory, options.ChangedPercent);
        await progress.WriteLineAsync($"incremental cycle, {changed:N0} users changed ...");
        var (incremental, incrementalSeconds) = await TimeAsync(Cycle);
        await progress.WriteLineAsync("incremental cycle, no change ...");
        var (quiet, quietSeconds) = await TimeAsync(Cycle);
        var peak = PeakWorkingSetMb();

        var expected = TargetAccounts.Expected(directory);
        var actual = TargetAccounts.Of(scim.Target.Users, scim.Target.Groups);
        var objects = expected.Users.Count + expected.Groups.Count + expected.Memberships;
        if (rawObjects != objects)
        {
            throw new InvalidOperationException($"The raw client wrote {rawObjects} objects, the directory has {objects}: the comparison would be unfair.");
        }

        return new SyncFigures(options.Users, options.Groups, options.Memberships, objects, rawSeconds, initialSeconds, incrementalSeconds, quietSeconds,
            changed, peak, initial, incremental, quiet, expected, actual)
        {
            RawCpuSeconds = rawCpu,
            InitialCpuSeconds = initialCpu,
        };
    }

    // Every n-th enabled user gets a new department: an attribute the default mapping exports.
    private static int Change(SandboxGraphDirectory directory, double percent)
    {
        var users = directory.Users().Where(u => u.AccountEnabled).ToList();
        var count = (int)Math.Round(users.Count * percent / 100);
        var step = count == 0 ? 1 : Math.Max(1, users.Count / count);
        var chosen = users.Where((_, i) => i % step == 0).Take(count).ToList();
        foreach (var user in chosen)
        {
            directory.UpdateUser(user.Id, new Dictionary<string, object?> { ["department"] = "Benchmark " + user.Id[..8] });
        }

        return chosen.Count;
    }

    private static async Task<(T Result, double Seconds)> TimeAsync<T>(Func<Task<T>> run)
    {
        var clock = Stopwatch.StartNew();
        var result = await run();
        return (result, clock.Elapsed.TotalSeconds);
    }

    // Linux keeps the peak resident set (VmHWM) per process; "5" in clear_refs resets it, so the peak is the cycles'.
    private static void ResetPeakWorkingSet()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Elsewhere the peak covers the whole run, the raw phase included.
        }
    }

    private static double CpuSeconds()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime.TotalSeconds;
    }

    private static double PeakWorkingSetMb()
    {
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return Math.Round(process.PeakWorkingSet64 / 1048576.0, 1);
    }
}
