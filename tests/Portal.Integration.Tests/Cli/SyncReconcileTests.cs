using System.Text.Json;
using Portal.Sandbox.Graph;
using Portal.Sandbox.Scim;

namespace Portal.Integration.Tests.Cli;

/// <summary>
/// <c>portal sync reconcile</c> as a pipeline runs it (a real process): after <c>sync run</c> provisioned the target,
/// accounts suspended and deleted there by hand are reported with exit 5, and <c>--repair</c> puts them back (exit 0).
/// </summary>
public sealed class SyncReconcileTests : IDisposable
{
    private readonly SyncJobFolder _folder = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Reconcile_ReportsHandEdits_AndRepairPutsThemBack()
    {
        await using var graph = await SandboxGraphServer.StartAsync(SandboxGraphEmulator.CreateGenerated(20, 2, 20, 7), cancellationToken: Ct);
        await using var scim = await SandboxScimServer.StartAsync("http://127.0.0.1:0", new SandboxScimOptions(), Ct);
        var job = _folder.WriteJob(graph, scim);
        var run = await SyncJobFolder.RunAsync("run", job);
        Assert.True(run.Exit == 0, run.Output);

        var inStep = await SyncJobFolder.RunAsync("reconcile", job);
        Assert.True(inStep.Exit == 0, inStep.Output);
        var accounts = scim.Target.Users.Count;
        Assert.Equal((accounts, accounts, 0, 0), Counts(inStep.Summary));

        var ids = scim.Target.Users.Select(u => u["id"]!.GetValue<string>()).Order(StringComparer.Ordinal).ToList();
        scim.Target.SetUserActive(ids[0], false);
        scim.Target.DeleteUser(ids[1]);

        var drifted = await SyncJobFolder.RunAsync("reconcile", job);
        Assert.True(drifted.Exit == 5, drifted.Output); // 5: differences found, as docs/sync-job.md says
        Assert.Equal((accounts - 1, accounts - 2, 1, 1), Counts(drifted.Summary));
        Assert.Contains($"({ids[0]}): active: 'true' -> 'false'", drifted.Output, StringComparison.Ordinal);
        Assert.Contains("missing user", drifted.Output, StringComparison.Ordinal);

        var repaired = await SyncJobFolder.RunAsync("reconcile", job, "--repair");
        Assert.True(repaired.Exit == 0, repaired.Output);
        Assert.Equal((accounts, accounts, 0, 0), Counts(repaired.Summary));
        // The deleted account also left the groups it was in: those groups are put back too.
        var groups = drifted.Summary.GetProperty("groups");
        var expected = 2 + groups.GetProperty("edited").GetInt32() + groups.GetProperty("missing").GetInt32();
        Assert.Equal((expected, 0), (repaired.Summary.GetProperty("repair").GetProperty("repaired").GetInt32(), repaired.Summary.GetProperty("repair").GetProperty("failed").GetInt32()));
        Assert.Equal(0, repaired.Summary.GetProperty("groups").GetProperty("edited").GetInt32());
        Assert.Equal(accounts, scim.Target.Users.Count);
        Assert.All(scim.Target.Users, u => Assert.NotEqual(false, u["active"]?.GetValue<bool>()));
    }

    private static (int InTarget, int InStep, int Edited, int Missing) Counts(JsonElement summary)
    {
        var users = summary.GetProperty("users");
        return (users.GetProperty("inTarget").GetInt32(), users.GetProperty("inStep").GetInt32(), users.GetProperty("edited").GetInt32(), users.GetProperty("missing").GetInt32());
    }
}
