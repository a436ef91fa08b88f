using Portal.Provisioning.Cycles;
using Portal.Provisioning.Reconciliation;

namespace Portal.Benchmarks.Sync;

/// <summary>
/// What one harness run measured. Objects are users, groups and memberships as the target holds them after the
/// initial cycle; the raw client writes the same objects, so the ratio compares like with like. Memory and CPU figures
/// are the benchmark process's (the engine, or the raw client) unless named after the sandbox process.
/// </summary>
public sealed record SyncFigures(
    int Users,
    int Groups,
    int Memberships,
    long Objects,
    double RawSeconds,
    double InitialSeconds,
    double IncrementalSeconds,
    double NoChangeSeconds,
    int ChangedUsers,
    double PeakWorkingSetMb,
    CycleResult Initial,
    CycleResult Incremental,
    CycleResult NoChange,
    TargetAccounts Expected,
    TargetAccounts Actual)
{
    public double RawObjectsPerSecond => Objects / RawSeconds;

    public double InitialObjectsPerSecond => Objects / InitialSeconds;

    public double Ratio => InitialObjectsPerSecond / RawObjectsPerSecond;

    public bool TargetMatches => Expected.SameAs(Actual);

    /// <summary>CPU seconds both processes spent in the raw phase: the raw client and the target serving it.</summary>
    public double RawMachineCpuSeconds => RawCpuSeconds + SandboxRawCpuSeconds;

    /// <summary>CPU seconds both processes spent in the initial cycle: the engine, the Graph emulator and the target.</summary>
    public double InitialMachineCpuSeconds => InitialCpuSeconds + SandboxInitialCpuSeconds;

    /// <summary>
    /// The ratio the machine's CPU allows: when both phases keep the machine's cores as busy (the target answering at
    /// once, on the same cores), each phase lasts as long as its CPU seconds take, and the ratio comes out near this.
    /// </summary>
    public double CpuBoundRatio => RawMachineCpuSeconds / InitialMachineCpuSeconds;

    /// <summary>
    /// CPU seconds the benchmark process spent in the raw phase (the raw client alone). On a shared machine the wall
    /// clock also measures the neighbours; CPU time does not.
    /// </summary>
    public double RawCpuSeconds { get; init; }

    /// <summary>CPU seconds the benchmark process spent in the initial cycle (the engine alone).</summary>
    public double InitialCpuSeconds { get; init; }

    /// <summary>
    /// The engine's database writer in the initial cycle: its batches are written one after the other, so its busy
    /// seconds against the cycle's say how much of the cycle the database paced.
    /// </summary>
    public WriterTime InitialWriter { get; init; } = new(0, 0, 0, 0, 0);

    /// <summary>The benchmark process's garbage collector in the raw phase.</summary>
    public GcActivity RawGc { get; init; } = GcActivity.Zero;

    /// <summary>The benchmark process's garbage collector in the initial cycle.</summary>
    public GcActivity InitialGc { get; init; } = GcActivity.Zero;

    /// <summary>The benchmark process's JIT compiler in the raw phase.</summary>
    public JitActivity RawJit { get; init; } = JitActivity.Zero;

    /// <summary>The benchmark process's JIT compiler in the initial cycle, the engine's first in the process.</summary>
    public JitActivity InitialJit { get; init; } = JitActivity.Zero;

    /// <summary>CPU seconds the sandbox process (Graph emulator and SCIM targets) spent serving the raw phase.</summary>
    public double SandboxRawCpuSeconds { get; init; }

    /// <summary>CPU seconds the sandbox process spent serving the initial cycle.</summary>
    public double SandboxInitialCpuSeconds { get; init; }

    /// <summary>The benchmark process's working set when the initial cycle starts (the base the peak grows from).</summary>
    public double StartWorkingSetMb { get; init; }

    /// <summary>The managed heap when the initial cycle starts, after the raw phase's garbage is collected.</summary>
    public double StartManagedHeapMb { get; init; }

    /// <summary>The cycle after a mapping change (one constant mapping added), which evaluates every object again.</summary>
    public CycleResult? Remapped { get; init; }

    public double RemapSeconds { get; init; }

    /// <summary>The whole target compared with the links after the cycles (the Reconciliation tab's work), and how long it took.</summary>
    public ReconciliationReport? Reconciliation { get; init; }

    public double ReconcileSeconds { get; init; }

    /// <summary>The benchmark process's peak resident set while it compared (the links in memory, the listing streamed).</summary>
    public double ReconcilePeakWorkingSetMb { get; init; }

    /// <summary>The working set the comparison started from, after a full collection.</summary>
    public double BeforeReconcileWorkingSetMb { get; init; }

    /// <summary>How long the provisioned-accounts report (every account the job keeps, as CSV) took after the cycles.</summary>
    public double AccountsReportSeconds { get; init; }

    /// <summary>The sandbox process's peak resident set over the whole run (its in-memory directory and targets).</summary>
    public double SandboxPeakWorkingSetMb { get; init; }
}
