using System.Collections.Concurrent;

namespace Portal.Sandbox.Scim;

/// <summary>One request the sandbox target received (never the credential itself).</summary>
public sealed record SandboxScimRequest(DateTimeOffset At, string Method, string PathAndQuery, int Status, string Auth, string? Body);

/// <summary>The latest requests, newest last.</summary>
public sealed class SandboxScimRequestLog(int capacity)
{
    private readonly ConcurrentQueue<SandboxScimRequest> entries = new();
    private long total;

    public IReadOnlyList<SandboxScimRequest> Entries => entries.ToArray();

    /// <summary>Every request received since the start, including those the bounded log no longer holds.</summary>
    public long Total => Interlocked.Read(ref total);

    public void Add(SandboxScimRequest request)
    {
        Interlocked.Increment(ref total);
        entries.Enqueue(request);
        while (entries.Count > capacity && entries.TryDequeue(out _))
        {
        }
    }

    public void Clear() => entries.Clear();
}
