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
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("portal-reconcile-");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Delete(recursive: true);
    }

    [Fact]
    public async Task Reconcile_ReportsHandEdits_AndRepairPutsThemBack()
    {
        await using var graph = await SandboxGraphServer.StartAsync(SandboxGraphEmulator.CreateGenerated(20, 2, 20, 7), cancellationToken: Ct);
        await using var scim = await SandboxScimServer.StartAsync("http://127.0.0.1:0", new SandboxScimOptions(), Ct);
        var job = WriteJob(graph, scim);
        var run = await RunAsync("run", job);
        Assert.True(run.Exit == 0, run.Output);

        var inStep = await RunAsync("reconcile", job);
        Assert.True(inStep.Exit == 0, inStep.Output);
        var accounts = scim.Target.Users.Count;
        Assert.Equal((accounts, accounts, 0, 0), Counts(inStep.Summary));

        var ids = scim.Target.Users.Select(u => u["id"]!.GetValue<string>()).Order(StringComparer.Ordinal).ToList();
        scim.Target.SetUserActive(ids[0], false);
        scim.Target.DeleteUser(ids[1]);

        var drifted = await RunAsync("reconcile", job);
        Assert.True(drifted.Exit == 5, drifted.Output); // 5: differences found, as docs/sync-job.md says
        Assert.Equal((accounts - 1, accounts - 2, 1, 1), Counts(drifted.Summary));
        Assert.Contains($"({ids[0]}): active: 'true' -> 'false'", drifted.Output, StringComparison.Ordinal);
        Assert.Contains("missing user", drifted.Output, StringComparison.Ordinal);

        var repaired = await RunAsync("reconcile", job, "--repair");
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

    private static async Task<(int Exit, string Output, JsonElement Summary)> RunAsync(params string[] arguments)
    {
        using var process = PortalProcess.Start(["sync", arguments[0], "--job", arguments[1], .. arguments[2..]]);
        var output = process.StandardOutput.ReadToEndAsync(Ct);
        var error = process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        var text = await output + await error;
        var last = (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "{}";
        return (process.ExitCode, text, JsonDocument.Parse(last.StartsWith('{') ? last : "{}").RootElement.Clone());
    }

    private string WriteJob(SandboxGraphServer graph, SandboxScimServer target)
    {
        var path = Path.Combine(_folder.FullName, "job.json");
        File.WriteAllText(path, JsonSerializer.Serialize(new
        {
            source = new
            {
                tenantId = SandboxDemoIds.TenantId, clientId = SandboxDemoIds.ClientId, clientSecret = SandboxDemoIds.ClientSecret,
                servicePrincipalId = SandboxDemoIds.GoToServicePrincipalId, graphBaseUrl = graph.BaseUrl, tokenEndpoint = graph.TokenEndpoint,
                scope = "All",
            },
            target = new { baseUrl = target.ScimBaseUrl, auth = "BearerToken", secret = SandboxScimOptions.DemoToken },
            allowPrivateNetwork = true,
        }));
        return path;
    }
}
