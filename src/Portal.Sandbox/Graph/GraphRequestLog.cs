namespace Portal.Sandbox.Graph;

/// <summary>One request the emulator served. Query keys are decoded (<c>$select</c>, never <c>%24select</c>).</summary>
public sealed record GraphRequestRecord(
    DateTimeOffset At, string Method, string Path, IReadOnlyDictionary<string, string> Query, int Status, int? RetryAttempt, string? ClientId)
{
    public string? QueryValue(string name) => Query.GetValueOrDefault(name);

    /// <summary>The <c>$select</c> list, split; empty when not given.</summary>
    public IReadOnlyList<string> Select =>
        QueryValue("$select")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
}

/// <summary>Bounded, thread-safe log of served requests, for tests and the Sandbox page.</summary>
public sealed class GraphRequestLog(int capacity)
{
    private readonly Lock gate = new();
    private readonly Queue<GraphRequestRecord> records = new();
    private long total;

    /// <summary>Every request served since the start, including those the bounded log no longer holds.</summary>
    public long Total => Interlocked.Read(ref total);

    internal void Add(GraphRequestRecord record)
    {
        Interlocked.Increment(ref total);
        lock (gate)
        {
            records.Enqueue(record);
            while (records.Count > capacity)
            {
                records.Dequeue();
            }
        }
    }

    public IReadOnlyList<GraphRequestRecord> Snapshot()
    {
        lock (gate) { return [.. records]; }
    }

    public void Clear()
    {
        lock (gate) { records.Clear(); }
    }
}
