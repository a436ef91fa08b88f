namespace Portal.Benchmarks.Load;

/// <summary>Browser-observed action times (ms), by kind of action (page, filter, details), from every circuit.</summary>
internal sealed class BrowserTimes
{
    private readonly Dictionary<string, List<double>> _byKind = new(StringComparer.Ordinal);
    private readonly List<double> _all = [];
    private readonly List<string> _failures = [];

    /// <summary>Steps that did not finish within 20 s, by kind and first line of the error.</summary>
    public IReadOnlyList<string> Failures { get { lock (_all) { return [.. _failures]; } } }

    private volatile bool _recording;

    /// <summary>Only actions that end after <see cref="Start"/> count (not the warm-up); failures count throughout.</summary>
    public void Start() => _recording = true;

    public void Fail(string kind, string error)
    {
        lock (_all)
        {
            _failures.Add($"{kind}: {error}");
        }
    }

    public void Add(string kind, double ms)
    {
        if (!_recording)
        {
            return;
        }

        lock (_all)
        {
            _all.Add(ms);
            (_byKind.TryGetValue(kind, out var list) ? list : _byKind[kind] = []).Add(ms);
        }
    }

    public Percentiles All() { lock (_all) { return Percentiles.Of(_all); } }

    public IReadOnlyList<(string Kind, Percentiles Times)> ByKind()
    {
        lock (_all)
        {
            return [.. _byKind.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => (k.Key, Percentiles.Of(k.Value)))];
        }
    }
}

/// <summary>Count, p50, p95 and max of a set of times in milliseconds (nearest-rank percentiles).</summary>
internal sealed record Percentiles(int Count, double P50, double P95, double Max)
{
    public static Percentiles Of(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        double At(double q) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
        return new Percentiles(sorted.Length, At(0.50), At(0.95), sorted.Length == 0 ? 0 : sorted[^1]);
    }

    public override string ToString() => $"{Count,7:N0} {P50,9:F0} {P95,9:F0} {Max,9:F0}";
}
