using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Portal.Provisioning.Cycles;

/// <summary>
/// How long a cycle's database writer takes per batch, by part: the new linked objects, the provisioning-log rows, the
/// other changes (links updated or removed, escrow entries, the cycle's statistics: EF Core's SaveChanges) and the
/// commit. Where there is no bulk path (new links on PostgreSQL and SQL Server, log rows on SQL Server), those rows go
/// with EF Core's changes. A cycle has one writer and its batches are written one after the other, so the writer's busy
/// time against the cycle's length says whether the database paces the cycle (exported with the host's other meters,
/// e.g. through OpenTelemetry or <c>dotnet-counters</c>).
/// </summary>
public sealed class CycleWriteMetrics(IMeterFactory meters)
{
    public const string MeterName = "Portal.Provisioning";
    public const string PartTag = "portal.cycle.write.part";

    public const string Links = "links";
    public const string Logs = "logs";
    public const string Changes = "changes";
    public const string Commit = "commit";

    private readonly Histogram<double> _duration = meters.Create(MeterName).CreateHistogram<double>(
        "portal.cycle.write.duration", unit: "s", description: "Duration of one part of writing a cycle's batch to the database");

    /// <summary>
    /// Records one part of a batch's write, timed from <paramref name="started"/> (<see cref="Stopwatch.GetTimestamp"/>).
    /// </summary>
    internal void Record(string part, long started) =>
        _duration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>(PartTag, part));
}
