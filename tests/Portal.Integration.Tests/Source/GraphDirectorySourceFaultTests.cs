using Portal.Sandbox.Graph;

namespace Portal.Integration.Tests.Source;

public sealed class GraphDirectorySourceFaultTests
{
    [Fact]
    public async Task ReadAsync_HonoursRetryAfter_WhenThrottledFewerTimesThanRetries()
    {
        await using var sandbox = await GraphSandbox.StartAsync();
        var source = sandbox.CreateSource();
        sandbox.Emulator.Faults.Inject(new GraphFault(GraphFaultKind.TooManyRequests, Count: 2, PathContains: "users?", RetryAfter: TimeSpan.FromSeconds(1)));

        var read = await source.ReadAsync(GraphSandbox.Query(), TestContext.Current.CancellationToken);

        Assert.True(read.IsComplete, string.Join("; ", read.Problems));
        Assert.Equal(200, read.Users.Count);
        var attempts = sandbox.Emulator.RequestLog.Snapshot().Where(r => r.Path == "/users").ToList();
        Assert.Equal([429, 429, 200], attempts.Select(r => r.Status));
        Assert.Equal([null, 1, 2], attempts.Select(r => r.RetryAttempt));
        for (var i = 1; i < attempts.Count; i++)
        {
            // Retry-After: 1 means the next attempt comes no sooner than a second later (a little slack for clock granularity).
            Assert.True(attempts[i].At - attempts[i - 1].At >= TimeSpan.FromMilliseconds(950), $"attempt {i} came after {attempts[i].At - attempts[i - 1].At}");
        }
    }

    [Fact]
    public async Task ReadAsync_ReturnsIncompleteRead_WhenThrottlingOutlastsRetries()
    {
        await using var sandbox = await GraphSandbox.StartAsync();
        var source = sandbox.CreateSource();
        sandbox.Emulator.Faults.Inject(new GraphFault(GraphFaultKind.ServiceUnavailable, Count: 50, PathContains: "groups?", RetryAfter: TimeSpan.Zero));

        var read = await source.ReadAsync(GraphSandbox.Query(), TestContext.Current.CancellationToken);

        Assert.False(read.IsComplete);
        Assert.Equal(200, read.Users.Count);
        Assert.Empty(read.Groups);
        Assert.Null(read.UsersDeltaLink);
        var problem = Assert.Single(read.Problems);
        Assert.Contains("throttled", problem, StringComparison.Ordinal);
        Assert.Contains("503", problem, StringComparison.Ordinal);
        Assert.Equal(3, sandbox.Emulator.RequestLog.Snapshot().Count(r => r.Path == "/groups"));
    }

    [Fact]
    public async Task ReadAsync_ReturnsIncompleteRead_WithTheGroupsMembersUnknown_WhenItsMemberPageIsTruncated()
    {
        var emulator = SandboxGraphEmulator.CreateDemo(new SandboxGraphOptions { MaxPageSize = 7 });
        await using var sandbox = await GraphSandbox.StartAsync(emulator);
        var source = sandbox.CreateSource();
        var allStaff = sandbox.Directory.Groups().Single(g => g.DisplayName == "All Staff");
        sandbox.Emulator.Faults.Inject(new GraphFault(GraphFaultKind.TruncatedPage, Count: 1, PathContains: $"groups/{allStaff.Id}/members"));

        var read = await source.ReadAsync(GraphSandbox.Query(), TestContext.Current.CancellationToken);

        Assert.False(read.IsComplete);
        var problem = Assert.Single(read.Problems);
        Assert.Contains($"members of group {allStaff.Id}", problem, StringComparison.Ordinal);
        // A member list that could not be read is unknown, not empty: nobody is taken out of the group for it.
        Assert.Null(read.Groups.Single(g => g.Id == allStaff.Id).Members);
        Assert.All(read.Groups.Where(g => g.Id != allStaff.Id), g => Assert.True(g.Members is { IsFullList: true }));
    }

    [Fact]
    public async Task ReadAsync_ReturnsIncompleteRead_WhenAPageIsTruncated()
    {
        var emulator = SandboxGraphEmulator.CreateDemo(new SandboxGraphOptions { MaxPageSize = 50 });
        await using var sandbox = await GraphSandbox.StartAsync(emulator);
        var source = sandbox.CreateSource();
        sandbox.Emulator.Faults.Inject(new GraphFault(GraphFaultKind.TruncatedPage, Count: 1, PathContains: "skiptoken"));

        var read = await source.ReadAsync(GraphSandbox.Query(), TestContext.Current.CancellationToken);

        Assert.False(read.IsComplete);
        Assert.NotEmpty(read.Problems);
        Assert.True(read.Users.Count < 200);
        Assert.Contains(sandbox.Emulator.RequestLog.Snapshot(), r => r.Path == "/users" && r.QueryValue("$skiptoken") is not null);
        Assert.Null(read.GroupsDeltaLink);
    }

    [Fact]
    public async Task ReadAsync_WaitsForSlowPage_AndCompletes()
    {
        await using var sandbox = await GraphSandbox.StartAsync();
        var source = sandbox.CreateSource();
        sandbox.Emulator.Faults.Inject(new GraphFault(GraphFaultKind.SlowPage, Count: 1, PathContains: "groups?", Delay: TimeSpan.FromMilliseconds(300)));

        var read = await source.ReadAsync(GraphSandbox.Query(), TestContext.Current.CancellationToken);

        Assert.True(read.IsComplete, string.Join("; ", read.Problems));
        Assert.Equal(15, read.Groups.Count);
    }

    [Fact]
    public async Task ReadAsync_Throws_OnlyWhenCancelled()
    {
        await using var sandbox = await GraphSandbox.StartAsync();
        var source = sandbox.CreateSource();
        sandbox.Emulator.Faults.Inject(new GraphFault(GraphFaultKind.SlowPage, Count: 1, PathContains: "users?", Delay: TimeSpan.FromSeconds(5)));
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cancel.CancelAfter(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => source.ReadAsync(GraphSandbox.Query(), cancel.Token));
    }
}
