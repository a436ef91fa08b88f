using Portal.Data;
using Portal.Provisioning.Cycles;
using Portal.Sandbox.Graph;

namespace Portal.Integration.Tests.Cycles;

/// <summary>
/// A full read streams through the cycle: users are exported page by page while Graph is still being read, and
/// deprovisioning waits for the end of the read, so a page that fails late still stops every disable.
/// </summary>
public sealed class StreamingCycleTests
{
    [Fact]
    public async Task RunCycle_ExportsEarlyPagesBeforeTheLastPageIsRead_WhenTheDirectorySpansManyPages()
    {
        await using var sandbox = await EngineSandbox.StartAsync(DatabaseProvider.Sqlite, graphOptions: new SandboxGraphOptions { MaxPageSize = 10 });
        var ids = Enumerable.Range(1, 60).Select(i => sandbox.AddUser($"user{i:00}")).ToList();
        ids.ForEach(id => sandbox.Directory.Assign(EngineSandbox.Sp, id, EngineSandbox.UserRole));
        await sandbox.ConfigureAsync();

        var result = await sandbox.RunAsync();

        Assert.Equal(60, result.Created);
        Assert.Equal(60, sandbox.TargetUsers().Count);
        var lastUsersPage = sandbox.Graph.Emulator.RequestLog.Snapshot().Where(r => r.Path == "/users").Max(r => r.At);
        var firstCreate = sandbox.Scim.Target.Requests.Entries.Where(r => r.Method == "POST" && r.PathAndQuery.Contains("/Users")).Min(r => r.At);
        Assert.True(firstCreate < lastUsersPage, $"The first create ({firstCreate:O}) came after the last page of users was read ({lastUsersPage:O}).");
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task RunCycle_DisablesNothing_WhenAPageAfterTheUnassignedUsersFails(DatabaseProvider provider)
    {
        await using var sandbox = await EngineSandbox.StartAsync(provider, graphOptions: new SandboxGraphOptions { MaxPageSize = 10 });
        var ids = Enumerable.Range(1, 40).Select(i => sandbox.AddUser($"user{i:00}")).ToList();
        ids.ForEach(id => sandbox.Directory.Assign(EngineSandbox.Sp, id, EngineSandbox.UserRole));
        await sandbox.ConfigureAsync();
        await sandbox.RunAsync();
        await sandbox.Engine.RestartAsync(sandbox.TenantId, sandbox.JobId, RestartScope.Default, TestContext.Current.CancellationToken);
        // The directory serves users in id order: these five are on the first page, which arrives before the failure.
        var firstPage = sandbox.Directory.Users().Select(u => u.Id).Order(StringComparer.OrdinalIgnoreCase).Take(5).ToList();
        firstPage.ForEach(sandbox.Unassign);
        sandbox.Graph.Emulator.Faults.Inject(new GraphFault(GraphFaultKind.ServiceUnavailable, Count: 20, PathContains: "skiptoken", RetryAfter: TimeSpan.Zero));

        var partial = await sandbox.RunAsync();

        Assert.False(partial.SourceComplete);
        Assert.Equal(0, partial.Disabled);
        Assert.All(sandbox.TargetUsers().Values, u => Assert.True(EngineSandbox.Active(u)));

        sandbox.Graph.Emulator.Faults.Clear();
        var complete = await sandbox.RunAsync();

        Assert.True(complete.SourceComplete);
        Assert.Equal(5, complete.Disabled);
    }
}
