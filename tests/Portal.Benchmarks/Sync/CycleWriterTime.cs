using System.Diagnostics.Metrics;
using Portal.Provisioning.Cycles;

namespace Portal.Benchmarks.Sync;

/// <summary>
/// The engine's database writer, read from its own instrument (<see cref="CycleWriteMetrics"/>) with a
/// <see cref="MeterListener"/>: seconds per part of the batches written while listening. Only the meters of one
/// service provider count (its <see cref="IMeterFactory"/> is their scope), so engines elsewhere in the process do not.
/// </summary>
internal sealed class CycleWriterTime : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly Dictionary<string, double> _seconds = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private int _batches;

    public CycleWriterTime(IMeterFactory scope)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == CycleWriteMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, scope))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>(OnMeasurement);
        _listener.Start();
    }

    /// <summary>What was written since the last call; the counts start again from zero.</summary>
    public WriterTime Take()
    {
        lock (_lock)
        {
            var taken = new WriterTime(_batches, Part(CycleWriteMetrics.Links), Part(CycleWriteMetrics.Logs), Part(CycleWriteMetrics.Changes),
                Part(CycleWriteMetrics.Commit));
            _seconds.Clear();
            _batches = 0;
            return taken;
        }
    }

    public void Dispose() => _listener.Dispose();

    private double Part(string part) => _seconds.GetValueOrDefault(part);

    private void OnMeasurement(Instrument instrument, double seconds, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        var part = "";
        foreach (var (key, value) in tags)
        {
            if (key == CycleWriteMetrics.PartTag)
            {
                part = value as string ?? "";
            }
        }

        lock (_lock)
        {
            _seconds[part] = _seconds.GetValueOrDefault(part) + seconds;
            _batches += part == CycleWriteMetrics.Commit ? 1 : 0;
        }
    }
}

/// <summary>The database writer's busy seconds over some batches, by part.</summary>
public sealed record WriterTime(int Batches, double NewLinkSeconds, double LogSeconds, double ChangeSeconds, double CommitSeconds)
{
    public double Seconds => NewLinkSeconds + LogSeconds + ChangeSeconds + CommitSeconds;
}
