namespace Portal.Sandbox.Graph;

public enum GraphFaultKind
{
    /// <summary>429 Too Many Requests with Retry-After.</summary>
    TooManyRequests,

    /// <summary>503 Service Unavailable with Retry-After.</summary>
    ServiceUnavailable,

    /// <summary>200 whose body stops half-way (connection dropped): the client cannot parse the page.</summary>
    TruncatedPage,

    /// <summary>A normal answer after <see cref="GraphFault.Delay"/>.</summary>
    SlowPage,
}

/// <summary>
/// A fault served to the next <paramref name="Count"/> Graph requests whose path and query contain
/// <paramref name="PathContains"/> (any request when null).
/// </summary>
public sealed record GraphFault(GraphFaultKind Kind, int Count, string? PathContains = null, TimeSpan? RetryAfter = null, TimeSpan? Delay = null);

/// <summary>Switchable fault modes of the emulator; thread-safe.</summary>
public sealed class GraphFaults
{
    private readonly Lock gate = new();
    private readonly List<(GraphFault Fault, int Left)> active = [];

    public void Inject(GraphFault fault)
    {
        lock (gate) { active.Add((fault, fault.Count)); }
    }

    public void Clear()
    {
        lock (gate) { active.Clear(); }
    }

    /// <summary>The fault for this request, consuming one of its occurrences; null when none applies.</summary>
    internal GraphFault? Take(string pathAndQuery)
    {
        lock (gate)
        {
            for (var i = 0; i < active.Count; i++)
            {
                var (fault, left) = active[i];
                if (fault.PathContains is null || pathAndQuery.Contains(fault.PathContains, StringComparison.OrdinalIgnoreCase))
                {
                    if (left <= 1)
                    {
                        active.RemoveAt(i);
                    }
                    else
                    {
                        active[i] = (fault, left - 1);
                    }

                    return fault;
                }
            }

            return null;
        }
    }
}
