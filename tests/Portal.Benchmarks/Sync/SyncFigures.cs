using Portal.Provisioning.Cycles;

namespace Portal.Benchmarks.Sync;

/// <summary>
/// What one harness run measured. Objects are users, groups and memberships as the target holds them after the
/// initial cycle; the raw client writes the same objects, so the ratio compares like with like.
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

    /// <summary>
    /// CPU seconds this process spent (client and in-process sandbox servers together). On a shared machine the wall
    /// clock also measures the neighbours; CPU time does not.
    /// </summary>
    public double RawCpuSeconds { get; init; }

    public double InitialCpuSeconds { get; init; }
}
