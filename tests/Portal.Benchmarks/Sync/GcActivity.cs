namespace Portal.Benchmarks.Sync;

/// <summary>
/// What the benchmark process's garbage collector did in one phase: bytes allocated, collections per generation and
/// the time the process stood paused for them. A workstation GC pauses every thread while one collects, so on two
/// cores the pauses are wall-clock time in which the engine sends nothing and the target waits.
/// </summary>
public sealed record GcActivity(double AllocatedMb, int Gen0, int Gen1, int Gen2, double PauseSeconds)
{
    public static GcActivity Zero { get; } = new(0, 0, 0, 0, 0);

    /// <summary>Starts counting; <see cref="Take"/> on the result gives the activity since.</summary>
    public static GcActivity Now() => new(
        GC.GetTotalAllocatedBytes(precise: false) / 1048576.0, GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2),
        GC.GetTotalPauseDuration().TotalSeconds);

    public GcActivity Take()
    {
        var now = Now();
        return new(now.AllocatedMb - AllocatedMb, now.Gen0 - Gen0, now.Gen1 - Gen1, now.Gen2 - Gen2, now.PauseSeconds - PauseSeconds);
    }

    public override string ToString() =>
        $"{AllocatedMb:N0} MB allocated; collections gen0 {Gen0:N0}, gen1 {Gen1:N0}, gen2 {Gen2:N0}; paused {PauseSeconds:F1} s";
}
