using Portal.Provisioning.Source;
using Portal.Sandbox.Graph;

namespace Portal.Integration.Tests.Source;

/// <summary>
/// A full read streams: groups and assignments first, then users a page at a time, and the next page is requested only
/// after the sink took the one before — so a directory of any size is held one page at a time.
/// </summary>
public sealed class GraphDirectorySourceStreamingTests
{
    [Fact]
    public async Task ReadAsync_HandsUsersOverPageByPage_AfterTheHead_AndRequestsEachPageOnlyWhenTheLastWasTaken()
    {
        var emulator = SandboxGraphEmulator.CreateDemo(new SandboxGraphOptions { MaxPageSize = 30 });
        await using var sandbox = await GraphSandbox.StartAsync(emulator);
        var sink = new RecordingSink(emulator);

        var read = await sandbox.CreateSource().ReadAsync(GraphSandbox.Query(), sink, TestContext.Current.CancellationToken);

        Assert.True(read.IsComplete, string.Join("; ", read.Problems));
        Assert.Empty(read.Users);
        Assert.Equal(15, read.Groups.Count);
        Assert.Equal("head", sink.Events[0]);
        var pages = sink.Pages;
        Assert.Equal((int)Math.Ceiling(200 / 30.0), pages.Count);
        Assert.All(pages, p => Assert.InRange(p.Count, 1, 30));
        Assert.Equal(200, pages.SelectMany(p => p.Ids).Distinct().Count());
        // When page k reached the sink, Graph had been asked for k pages of users, not all of them.
        Assert.Equal(Enumerable.Range(1, pages.Count), pages.Select(p => p.UserRequestsSoFar));
        Assert.Equal([.. Enumerable.Repeat(true, pages.Count - 1), false], pages.Select(p => p.MorePages));
    }

    [Fact]
    public async Task ReadAsync_EndsTheStreamAsIncomplete_WhenALaterPageFails()
    {
        var emulator = SandboxGraphEmulator.CreateDemo(new SandboxGraphOptions { MaxPageSize = 50 });
        await using var sandbox = await GraphSandbox.StartAsync(emulator, o => o.MaxRetries = 0);
        var sink = new RecordingSink(emulator);
        sink.OnPage = count =>
        {
            if (count == 2)
            {
                emulator.Faults.Inject(new GraphFault(GraphFaultKind.ServiceUnavailable, Count: 10, PathContains: "users?", RetryAfter: TimeSpan.Zero));
            }
        };

        var read = await sandbox.CreateSource().ReadAsync(GraphSandbox.Query(), sink, TestContext.Current.CancellationToken);

        Assert.False(read.IsComplete);
        Assert.Equal(2, sink.Pages.Count);
        Assert.True(sink.Pages[^1].MorePages);
        Assert.Contains(read.Problems, p => p.Contains("users", StringComparison.OrdinalIgnoreCase));
    }

    private sealed class RecordingSink(SandboxGraphEmulator emulator) : IDirectoryReadSink
    {
        public List<string> Events { get; } = [];

        public List<(int Count, IReadOnlyList<string> Ids, int UserRequestsSoFar, bool MorePages)> Pages { get; } = [];

        public Action<int>? OnPage { get; set; }

        public Task HeadAsync(DirectoryReadHead head, CancellationToken cancellationToken)
        {
            Events.Add("head");
            return Task.CompletedTask;
        }

        public Task UsersAsync(IReadOnlyList<SourceObject> page, bool morePages, CancellationToken cancellationToken)
        {
            Events.Add("users");
            var requests = emulator.RequestLog.Snapshot().Count(r => r.Path == "/users");
            Pages.Add((page.Count, [.. page.Select(u => u.Id)], requests, morePages));
            OnPage?.Invoke(Pages.Count);
            return Task.CompletedTask;
        }
    }
}
