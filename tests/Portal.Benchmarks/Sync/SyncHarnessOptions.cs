using Portal.Data;

namespace Portal.Benchmarks.Sync;

/// <summary>The size of the generated directory and how the sync harness runs against it.</summary>
public sealed record SyncHarnessOptions
{
    public int Users { get; init; } = 100_000;
    public int Groups { get; init; } = 1_000;
    public int Memberships { get; init; } = 200_000;

    /// <summary>Share of users (in %) whose department changes before the incremental cycle.</summary>
    public double ChangedPercent { get; init; } = 1;

    public DatabaseProvider Database { get; init; } = DatabaseProvider.Sqlite;

    /// <summary>PostgreSQL server to create the throw-away database on; null means PORTAL_TEST_POSTGRES.</summary>
    public string? Connection { get; init; }

    /// <summary>Requests in flight, for the engine (the target's default) and the raw client alike.</summary>
    public int Parallelism { get; init; } = 8;

    public int Seed { get; init; } = 1;

    /// <summary>
    /// How long both SCIM targets wait before handling each request (<see cref="Portal.Sandbox.Scim.SandboxScimOptions.Latency"/>):
    /// zero measures against a target that answers at once from memory on the same machine; a few milliseconds, one
    /// whose round trip and storage cost time, as a real service's do.
    /// </summary>
    public int TargetLatencyMilliseconds { get; init; }

    /// <summary>Where the phases are announced while they run (the console for the benchmark, nothing for tests).</summary>
    public TextWriter Progress { get; init; } = TextWriter.Null;
}
