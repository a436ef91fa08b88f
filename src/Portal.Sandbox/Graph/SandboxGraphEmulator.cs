namespace Portal.Sandbox.Graph;

/// <summary>
/// One running Graph emulator: its directory, fault switches, request log and token issuer. Mounted into a host with
/// <c>MapSandboxGraph</c> or served on its own by <see cref="SandboxGraphServer"/>.
/// </summary>
public sealed class SandboxGraphEmulator
{
    public SandboxGraphEmulator(SandboxGraphDirectory directory, SandboxGraphOptions? options = null, TimeProvider? timeProvider = null)
    {
        Directory = directory;
        Options = options ?? new SandboxGraphOptions();
        Time = timeProvider ?? TimeProvider.System;
        RequestLog = new GraphRequestLog(Options.RequestLogCapacity);
        Tokens = new GraphTokenIssuer(directory, Time, Options.TokenLifetime);
        Router = new GraphRequestRouter(directory, Options);
        Writer = new GraphWriteRouter(directory);
        Subscriptions = new GraphSubscriptions(directory, Time);
    }

    public SandboxGraphDirectory Directory { get; }

    public SandboxGraphOptions Options { get; }

    public GraphFaults Faults { get; } = new();

    public GraphRequestLog RequestLog { get; }

    /// <summary>Tokens issued so far (a client that caches its token asks once per lifetime).</summary>
    public int TokensIssued => Tokens.IssuedCount;

    internal TimeProvider Time { get; }

    internal GraphTokenIssuer Tokens { get; }

    internal GraphRequestRouter Router { get; }

    internal GraphWriteRouter Writer { get; }

    internal GraphSubscriptions Subscriptions { get; }

    /// <summary>The change-notification subscriptions apps hold.</summary>
    public IReadOnlyCollection<GraphSubscription> ChangeSubscriptions => Subscriptions.All;

    /// <summary>Change notifications sent so far, with the status each notification URL answered (null: no answer).</summary>
    public IReadOnlyList<GraphNotificationDelivery> NotificationDeliveries => Subscriptions.Deliveries;

    /// <summary>The seeded demo directory (about 200 users, 15 groups, GoTo and SCIM demo apps).</summary>
    public static SandboxGraphEmulator CreateDemo(SandboxGraphOptions? options = null, TimeProvider? timeProvider = null) =>
        new(DemoDirectorySeed.Create(timeProvider), options, timeProvider);

    /// <summary>A generated directory of the given size, deterministic for a seed (benchmarks, load demos).</summary>
    public static SandboxGraphEmulator CreateGenerated(
        int users, int groups, int memberships, int seed = 1, SandboxGraphOptions? options = null, TimeProvider? timeProvider = null) =>
        new(LargeDirectoryGenerator.Create(users, groups, memberships, seed, timeProvider), options, timeProvider);
}
