using System.Globalization;
using System.Text.Json;
using Portal.Benchmarks.Sync;

namespace Portal.Benchmarks;

/// <summary>
/// <c>sync --users N --groups G --memberships M [--changed-percent P] [--database sqlite|postgresql] [--connection CS]
/// [--parallelism 8] [--seed 1] [--target-latency-ms 0]</c>: the engine's initial, incremental and no-change cycles against the raw capacity of
/// the sandbox target (see <see cref="SyncHarness"/>). Prints a table and, as the last line, one JSON object.
/// </summary>
internal static class SyncBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = new SyncHarnessOptions
        {
            Users = Arg(args, "--users", 100_000),
            Groups = Arg(args, "--groups", 1_000),
            Memberships = Arg(args, "--memberships", 200_000),
            ChangedPercent = double.Parse(Text(args, "--changed-percent") ?? "1", CultureInfo.InvariantCulture),
            Database = BenchmarkDatabase.ParseProvider(Text(args, "--database")),
            Connection = Text(args, "--connection"),
            Parallelism = Arg(args, "--parallelism", 8),
            Seed = Arg(args, "--seed", 1),
            TargetLatencyMilliseconds = Arg(args, "--target-latency-ms", 0),
            Progress = Console.Out,
        };
        var f = await SyncHarness.RunAsync(options, CancellationToken.None);

        Console.WriteLine();
        Console.WriteLine($"{"directory",-26} {f.Users:N0} users, {f.Groups:N0} groups, {f.Memberships:N0} memberships; database {options.Database}");
        Console.WriteLine($"{"target latency",-26} {options.TargetLatencyMilliseconds:N0} ms per request (both targets)");
        Console.WriteLine($"{"objects written",-26} {f.Objects:N0} (enabled users + groups + their memberships)");
        Console.WriteLine($"{"phase",-26} {"seconds",10} {"objects/s",12}  result");
        Console.WriteLine($"{"raw HttpClient",-26} {f.RawSeconds,10:F1} {f.RawObjectsPerSecond,12:N0}  parallelism {options.Parallelism}");
        Console.WriteLine($"{"initial cycle",-26} {f.InitialSeconds,10:F1} {f.InitialObjectsPerSecond,12:N0}  {Describe(f.Initial)}");
        Console.WriteLine($"{"incremental, " + options.ChangedPercent.ToString(CultureInfo.InvariantCulture) + " % changed",-26} {f.IncrementalSeconds,10:F1} {"",12}  {f.ChangedUsers:N0} users changed; {Describe(f.Incremental)}");
        Console.WriteLine($"{"incremental, no change",-26} {f.NoChangeSeconds,10:F1} {"",12}  {Describe(f.NoChange)}");
        Console.WriteLine($"{"mapping changed",-26} {f.RemapSeconds,10:F1} {"",12}  every object evaluated again; {(f.Remapped is { } r ? Describe(r) : "")}");
        Console.WriteLine($"{"reconciliation",-26} {f.ReconcileSeconds,10:F1} {f.Reconciliation?.Sections.Sum(s => s.InTarget) / f.ReconcileSeconds,12:N0}  {Describe(f.Reconciliation)}");
        Console.WriteLine($"{"accounts report (CSV)",-26} {f.AccountsReportSeconds,10:F1} {(f.Actual.Users.Count + f.Actual.Groups.Count) / f.AccountsReportSeconds,12:N0}  every account the job keeps, streamed");
        Console.WriteLine($"{"ratio engine / raw",-26} {f.Ratio,10:F2}   (goal >= 0.8)");
        Console.WriteLine($"{"CPU seconds raw / initial",-26} {f.RawCpuSeconds,10:F1} / {f.InitialCpuSeconds:F1}   CPU ratio {f.RawCpuSeconds / f.InitialCpuSeconds:F2} (benchmark process: raw client / engine)");
        Console.WriteLine($"{"  sandbox raw / initial",-26} {f.SandboxRawCpuSeconds,10:F1} / {f.SandboxInitialCpuSeconds:F1}   (sandbox process: Graph emulator and SCIM targets)");
        Console.WriteLine($"{"  both processes",-26} {f.RawMachineCpuSeconds,10:F1} / {f.InitialMachineCpuSeconds:F1}   {Cores(f.RawMachineCpuSeconds, f.RawSeconds)} / {Cores(f.InitialMachineCpuSeconds, f.InitialSeconds)} of {Environment.ProcessorCount} cores busy; their ratio {f.CpuBoundRatio:F2} (the ratio when the CPU sets the pace){Uncounted(options)}");
        Console.WriteLine($"{"GC raw",-26} {f.RawGc}");
        Console.WriteLine($"{"GC initial",-26} {f.InitialGc}");
        Console.WriteLine($"{"JIT raw / initial",-26} {f.RawJit} / {f.InitialJit} (the engine's first cycle in this process)");
        var w = f.InitialWriter;
        Console.WriteLine($"{"database writer, initial",-26} {w.Seconds,10:F1} s busy in {w.Batches:N0} batches (new links {w.NewLinkSeconds:F1}, log rows {w.LogSeconds:F1}, other changes {w.ChangeSeconds:F1}, commits {w.CommitSeconds:F1})");
        Console.WriteLine($"{"peak working set",-26} {f.PeakWorkingSetMb,10:N0} MB (engine process, the three cycles)");
        Console.WriteLine($"{"  before the initial cycle",-26} {f.StartWorkingSetMb,10:N0} MB (managed heap {f.StartManagedHeapMb:N0} MB)");
        Console.WriteLine($"{"  reconciliation",-26} {f.ReconcilePeakWorkingSetMb,10:N0} MB (engine process comparing the whole target; {f.BeforeReconcileWorkingSetMb:N0} MB before)");
        Console.WriteLine($"{"  sandbox process",-26} {f.SandboxPeakWorkingSetMb,10:N0} MB (whole run; in real life Graph and the target are remote)");
        Console.WriteLine($"{"target holds expected",-26} {(f.TargetMatches ? "yes" : "NO")}: {f.Actual.Users.Count:N0} users, {f.Actual.Groups.Count:N0} groups, {f.Actual.Memberships:N0} memberships");
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            users = f.Users,
            groups = f.Groups,
            memberships = f.Memberships,
            rawObjectsPerSecond = Math.Round(f.RawObjectsPerSecond, 1),
            initialObjectsPerSecond = Math.Round(f.InitialObjectsPerSecond, 1),
            ratio = Math.Round(f.Ratio, 3),
            initialSeconds = Math.Round(f.InitialSeconds, 2),
            incrementalSeconds = Math.Round(f.IncrementalSeconds, 2),
            noChangeSeconds = Math.Round(f.NoChangeSeconds, 2),
            remapSeconds = Math.Round(f.RemapSeconds, 2),
            reconcileSeconds = Math.Round(f.ReconcileSeconds, 2),
            accountsReportSeconds = Math.Round(f.AccountsReportSeconds, 2),
            peakWorkingSetMb = f.PeakWorkingSetMb,
            targetLatencyMs = options.TargetLatencyMilliseconds,
        }));
        return f.TargetMatches ? 0 : 1;
    }

    // A PostgreSQL server is a process of its own, busy in the initial cycle only, whose CPU the line above leaves out.
    private static string Uncounted(SyncHarnessOptions options) =>
        options.Database == Portal.Data.DatabaseProvider.PostgreSql ? "; the database server's CPU not counted" : "";

    private static string Cores(double cpuSeconds, double seconds) => (cpuSeconds / seconds).ToString("F2", CultureInfo.InvariantCulture);

    private static string Describe(Provisioning.Reconciliation.ReconciliationReport? report) => report is null ? "" : string.Join("; ", report.Sections.Select(s =>
        $"{s.Kind}s {s.InStep:N0} of {s.InTarget:N0} as exported, {s.DriftedCount} edited, {s.MissingCount} missing, {s.UnmanagedCount} not managed"));

    private static string Describe(Provisioning.Cycles.CycleResult r) =>
        $"{r.Kind}, {r.Outcome}: {r.Created:N0} created, {r.Updated:N0} updated, {r.Skipped:N0} skipped, {r.Failed:N0} failed";

    internal static string? Text(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    internal static int Arg(string[] args, string name, int fallback) =>
        Text(args, name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;
}
