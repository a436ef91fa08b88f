using System.Collections.Concurrent;

namespace Portal.Sandbox.Scim;

/// <summary>One request the sandbox target received (never the credential itself).</summary>
public sealed record SandboxScimRequest(DateTimeOffset At, string Method, string PathAndQuery, int Status, string Auth, string? Body);

/// <summary>The latest requests, newest last.</summary>
public sealed class SandboxScimRequestLog(int capacity)
{
    private readonly ConcurrentQueue<SandboxScimRequest> entries = new();

    public IReadOnlyList<SandboxScimRequest> Entries => entries.ToArray();

    public void Add(SandboxScimRequest request)
    {
        entries.Enqueue(request);
        while (entries.Count > capacity && entries.TryDequeue(out _))
        {
        }
    }

    public void Clear() => entries.Clear();
}
