using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
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
using Portal.Web.Features.Provisioning;

namespace Portal.Benchmarks.Sync;

/// <summary>
/// The sync benchmark's logic, shared by <c>Portal.Benchmarks sync</c> and the suite's smoke test. The remote side runs
/// in a child process (<see cref="SandboxServersCommand"/>): a generated directory in the Graph emulator and two strict
/// sandbox SCIM targets, each on its own loopback Kestrel server, so this process holds the engine alone and its memory
/// and CPU are the engine's. Measured here: the raw ceiling into the fresh target; then the engine's initial cycle
/// (rate limit off), an incremental cycle with a share of users changed through Graph's write API and one with no
/// change, all against a real portal database. Everything crosses loopback HTTP.
/// </summary>
public static class SyncHarness
{
    public static async Task<SyncFigures> RunAsync(SyncHarnessOptions options, CancellationToken cancellationToken)
    {
        var progress = options.Progress;
        await progress.WriteLineAsync($"sandbox process: generating {options.Users:N0} users, {options.Groups:N0} groups, {options.Memberships:N0} memberships ...");
        await using var sandbox = await SandboxProcess.StartAsync(options, cancellationToken);
        using var graph = await GraphDirectoryClient.ConnectAsync(sandbox.Endpoints, cancellationToken);

        await progress.WriteLineAsync($"raw: plain HttpClient, parallelism {options.Parallelism}, fresh target ...");
        var raw = await RawAsync(options, sandbox, graph, cancellationToken);

        await using var database = await BenchmarkDatabase.CreateAsync(options.Database, options.Connection, cancellationToken);
        await using var services = new ServiceCollection()
            .AddPortalData(database.Settings)
            .AddGraphDirectorySource()
            .AddScimTargets()
            .AddProvisioning(new EngineOptions { AllowPrivateNetworkTargets = true, TargetRequestsPerSecond = null })
            .BuildServiceProvider();
        var file = new SyncJobFile(
            new SyncJobSource(SandboxDemoIds.TenantId, SandboxDemoIds.ClientId, SandboxDemoIds.ClientSecret, SandboxDemoIds.GoToServicePrincipalId,
                sandbox.Endpoints.GraphBaseUrl, sandbox.Endpoints.GraphTokenEndpoint, ProvisioningScope.All),
            new SyncJobTarget(sandbox.Endpoints.TargetUrl, Secret: SandboxScimOptions.DemoToken),
            DeletionThreshold: int.MaxValue, AllowPrivateNetwork: true);
        var (tenantId, jobId) = await SyncJobImport.ApplyAsync(database.CreateContext, file, services.GetRequiredService<SecretProtector>(),
            DateTimeOffset.UtcNow, cancellationToken);
        var engine = services.GetRequiredService<ProvisioningEngine>();
        using var writer = new CycleWriterTime(services.GetRequiredService<IMeterFactory>());
        Task<CycleResult> Cycle() => engine.RunCycleAsync(tenantId, jobId, new CycleOptions(IgnoreQuarantineSchedule: true), cancellationToken);

        // The raw client's and the migrations' garbage is not the engine's: the peak starts from what is left.
        CollectEverything();
        var (startWorkingSet, startHeap) = (Mb(Environment.WorkingSet), Mb(GC.GetGCMemoryInfo().HeapSizeBytes));
        ResetPeakWorkingSet();
        await progress.WriteLineAsync($"initial cycle on {options.Database} ...");
        var (initialCpu, sandboxInitialCpu, initialGc, initialJit) = (CpuSeconds(), sandbox.CpuSeconds, GcActivity.Now(), JitActivity.Now());
        var (initial, initialSeconds) = await TimeAsync(Cycle);
        (initialCpu, sandboxInitialCpu) = (CpuSeconds() - initialCpu, sandbox.CpuSeconds - sandboxInitialCpu);
        var initialJitTaken = initialJit.Take();
        var initialGcTaken = initialGc.Take();
        var initialWriter = writer.Take();
        foreach (var id in raw.ToChange)
        {
            await graph.UpdateUserAsync(id, new Dictionary<string, object?> { ["department"] = "Benchmark " + id[..8] }, cancellationToken);
        }

        await progress.WriteLineAsync($"incremental cycle, {raw.ToChange.Count:N0} users changed ...");
        var (incremental, incrementalSeconds) = await TimeAsync(Cycle);
        await progress.WriteLineAsync("incremental cycle, no change ...");
        var (quiet, quietSeconds) = await TimeAsync(Cycle);
        var peak = PeakWorkingSetMb();

        // After the cycles, the target is exactly what the links say: a comparison of the whole target finds nothing.
        await progress.WriteLineAsync("reconciliation: the whole target compared with the links ...");
        CollectEverything();
        var beforeReconcile = Mb(Environment.WorkingSet);
        ResetPeakWorkingSet();
        var (reconciliation, reconcileSeconds) = await TimeAsync(() => engine.ReconcileAsync(tenantId, jobId, cancellationToken));
        var reconcilePeak = PeakWorkingSetMb();

        // The Overview's accounts report: every account the job keeps, streamed as CSV, as the endpoint does.
        await progress.WriteLineAsync("accounts report: every account the job keeps, as CSV ...");
        var (_, accountsSeconds) = await TimeAsync(async () =>
        {
            await new ProvisionedAccounts(database.ContextsFor(tenantId)).WriteCsvAsync(jobId, Stream.Null, cancellationToken);
            return true;
        });

        // As in Entra, a saved mapping change makes the next cycle read and evaluate every object: how long that takes.
        // After the comparison, whose memory figures stay those of the cycles before it.
        await progress.WriteLineAsync($"mapping changed ({RemapAttribute} from a constant): every object evaluated again ...");
        await AddConstantMappingAsync(database, tenantId, cancellationToken);
        var (remapped, remapSeconds) = await TimeAsync(Cycle);

        // After the peak is read: checking holds both sides' accounts, which the engine never does.
        var expected = TargetAccounts.Expected(await graph.ReadAsync(options.Parallelism, cancellationToken));
        var actual = await TargetAccounts.ReadAsync(sandbox.Endpoints.TargetUrl, cancellationToken);
        var objects = expected.Users.Count + expected.Groups.Count + expected.Memberships;
        if (raw.Objects != objects)
        {
            throw new InvalidOperationException($"The raw client wrote {raw.Objects} objects, the directory has {objects}: the comparison would be unfair.");
        }

        return new SyncFigures(options.Users, options.Groups, options.Memberships, objects, raw.Seconds, initialSeconds, incrementalSeconds, quietSeconds,
            raw.ToChange.Count, peak, initial, incremental, quiet, expected, actual)
        {
            RawCpuSeconds = raw.CpuSeconds,
            InitialCpuSeconds = initialCpu,
            InitialWriter = initialWriter,
            RawGc = raw.Gc,
            RawJit = raw.Jit,
            InitialGc = initialGcTaken,
            InitialJit = initialJitTaken,
            SandboxRawCpuSeconds = raw.SandboxCpuSeconds,
            SandboxInitialCpuSeconds = sandboxInitialCpu,
            SandboxPeakWorkingSetMb = sandbox.PeakWorkingSetMb,
            StartWorkingSetMb = startWorkingSet,
            StartManagedHeapMb = startHeap,
            Remapped = remapped,
            RemapSeconds = remapSeconds,
            Reconciliation = reconciliation,
            ReconcileSeconds = reconcileSeconds,
            ReconcilePeakWorkingSetMb = reconcilePeak,
            AccountsReportSeconds = accountsSeconds,
            BeforeReconcileWorkingSetMb = beforeReconcile,
        };
    }

    /// <summary>
    /// The raw phase in its own method, so the directory read for it is unreachable once it returns (an async method
    /// keeps its locals alive in its state machine) and the full collection before the initial cycle returns it.
    /// </summary>
    private static async Task<RawPhase> RawAsync(SyncHarnessOptions options, SandboxProcess sandbox, GraphDirectoryClient graph, CancellationToken cancellationToken)
    {
        var directory = await graph.ReadAsync(options.Parallelism, cancellationToken);
        var (cpu, sandboxCpu, gc, jit) = (CpuSeconds(), sandbox.CpuSeconds, GcActivity.Now(), JitActivity.Now());
        var (seconds, objects) = await RawExport.RunAsync(directory, sandbox.Endpoints.RawTargetUrl, options.Parallelism, cancellationToken);
        (cpu, sandboxCpu) = (CpuSeconds() - cpu, sandbox.CpuSeconds - sandboxCpu);
        var (gcTaken, jitTaken) = (gc.Take(), jit.Take());
        var toChange = ToChange(directory, options.ChangedPercent);

        // The raw target is done with; emptying it gives the sandbox process its memory back.
        using (var http = new HttpClient())
        {
            using var reset = await http.PostAsync(sandbox.Endpoints.RawTargetUrl.TrimEnd('/') + "/_sandbox/reset", null, cancellationToken);
            reset.EnsureSuccessStatusCode();
        }

        return new RawPhase(seconds, objects, cpu, sandboxCpu, gcTaken, jitTaken, toChange);
    }

    /// <summary>The target attribute the mapping change adds: every user gets one new value, so every user is updated.</summary>
    public const string RemapAttribute = "nickName";

    private static async Task AddConstantMappingAsync(BenchmarkDatabase database, Guid tenantId, CancellationToken cancellationToken)
    {
        await using var db = database.CreateContext(tenantId);
        var users = await db.ObjectMappings.Include(m => m.AttributeMappings).SingleAsync(m => m.SourceObject == ObjectKind.User, cancellationToken);
        db.AttributeMappings.Add(new AttributeMapping
        {
            ObjectMappingId = users.Id, TargetAttribute = RemapAttribute, Type = MappingType.Constant, Source = "Benchmark", Order = users.AttributeMappings.Count,
        });
        await db.SaveChangesAsync(cancellationToken);
    }

    private static void CollectEverything() => GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);

    // Every n-th enabled user gets a new department: an attribute the default mapping exports.
    private static IReadOnlyList<string> ToChange(SourceDirectory directory, double percent)
    {
        var users = directory.EnabledUsers;
        var count = (int)Math.Round(users.Count * percent / 100);
        var step = count == 0 ? 1 : Math.Max(1, users.Count / count);
        return [.. users.Where((_, i) => i % step == 0).Take(count).Select(u => u.Id)];
    }

    private sealed record RawPhase(double Seconds, long Objects, double CpuSeconds, double SandboxCpuSeconds, GcActivity Gc, JitActivity Jit, IReadOnlyList<string> ToChange);

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
        return Mb(process.PeakWorkingSet64);
    }

    private static double Mb(long bytes) => Math.Round(bytes / 1048576.0, 1);
}
