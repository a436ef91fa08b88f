using Portal.Sandbox.Graph;
using Portal.Sandbox.Scim;

namespace Portal.Integration.Tests.Cli;

/// <summary>
/// <c>portal sync undo</c> as a pipeline runs it (a real process): each undo goes back one run that changed the target,
/// down to an empty target, and then says there is nothing left to undo (exit 4).
/// </summary>
public sealed class SyncUndoTests : IDisposable
{
    private readonly SyncJobFolder _folder = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Undo_GoesBackOneRunAtATime_ThenHasNothingToUndo()
    {
        await using var graph = await SandboxGraphServer.StartAsync(SandboxGraphEmulator.CreateGenerated(12, 2, 12, 3), cancellationToken: Ct);
        await using var scim = await SandboxScimServer.StartAsync("http://127.0.0.1:0", new SandboxScimOptions(), Ct);
        var job = _folder.WriteJob(graph, scim);
        Assert.Equal(0, (await SyncJobFolder.RunAsync("run", job)).Exit);
        var accounts = scim.Target.Users.Count;
        var user = graph.Emulator.Directory.Users()[0];
        graph.Emulator.Directory.UpdateUser(user.Id, new Dictionary<string, object?> { ["department"] = "Moved by mistake" });
        var moved = await SyncJobFolder.RunAsync("run", job);
        Assert.True(moved.Exit == 0 && moved.Summary.GetProperty("updated").GetInt32() == 1, moved.Output);
        Assert.Contains("Moved by mistake", scim.Target.Users.Select(u => u.ToJsonString()).Single(u => u.Contains(user.UserPrincipalName!, StringComparison.OrdinalIgnoreCase)), StringComparison.Ordinal);

        var undone = await SyncJobFolder.RunAsync("undo", job);

        Assert.True(undone.Exit == 0, undone.Output);
        Assert.Equal((1, 0), (undone.Summary.GetProperty("restored").GetInt32(), undone.Summary.GetProperty("failed").GetInt32()));
        Assert.DoesNotContain(scim.Target.Users, u => u.ToJsonString().Contains("Moved by mistake", StringComparison.Ordinal));
        Assert.Equal(accounts, scim.Target.Users.Count);

        var emptied = await SyncJobFolder.RunAsync("undo", job);

        Assert.True(emptied.Exit == 0, emptied.Output);
        Assert.Empty(scim.Target.Users);
        Assert.Empty(scim.Target.Groups);

        var nothing = await SyncJobFolder.RunAsync("undo", job);
        Assert.True(nothing.Exit == 4, nothing.Output);
        Assert.Contains("nothing to undo", nothing.Output, StringComparison.Ordinal);
    }
}
