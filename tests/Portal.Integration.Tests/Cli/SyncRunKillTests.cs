using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Data.Entities;
using Portal.Data.Tenancy;
using Portal.Sandbox.Graph;
using Portal.Sandbox.Scim;

namespace Portal.Integration.Tests.Cli;

/// <summary>
/// The headless worker (<c>portal sync run --job</c>, a real process) is killed at random points of a 5,000-user initial
/// cycle twenty times and restarted until it completes; the target must end identical to a clean run's target.
/// Kill points are random points of the cycle's own progress (SCIM requests the target answered in that run), drawn
/// stratified over what is left, so every kill lands inside the initial cycle — during the read, the user and group
/// exports or the membership updates — whatever the machine's load.
/// </summary>
[Collection(nameof(WorkerKillCollection))]
public sealed class SyncRunKillTests : IDisposable
{
    private const int Users = 5_000;
    private const int Groups = 50;
    private const int Memberships = 5_000;
    private const int Kills = 20;
    private const int Seed = 20261123;

    // The generated directory disables every 50th user; a disabled user in scope is not created.
    private const int Accounts = Users - (Users / 50);

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("portal-kill-");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Delete(recursive: true);
    }

    [Fact]
    public async Task SyncRun_LeavesTheTargetIdenticalToACleanRun_WhenKilledTwentyTimesDuringTheInitialCycle()
    {
        var random = new Random(Seed);
        await using var graph = await SandboxGraphServer.StartAsync(SandboxGraphEmulator.CreateGenerated(Users, Groups, Memberships, Seed), cancellationToken: Ct);
        await using var clean = await SandboxScimServer.StartAsync("http://127.0.0.1:0", new SandboxScimOptions { MaxPageSize = 1000 }, Ct);
        await using var killed = await SandboxScimServer.StartAsync("http://127.0.0.1:0", new SandboxScimOptions { MaxPageSize = 1000 }, Ct);

        var clock = Stopwatch.StartNew();
        var cleanRun = await RunToEndAsync(WriteJob("clean", graph, clean));
        var cleanSeconds = clock.Elapsed.TotalSeconds;
        Assert.True(cleanRun.Exit == 0, cleanRun.Output);
        Assert.Equal(0, cleanRun.Summary.GetProperty("failed").GetInt32());
        Assert.Equal(Accounts, clean.Target.Users.Count);
        var cycleRequests = clean.Target.Requests.Total;

        var job = WriteJob("killed", graph, killed);
        var killPoints = new List<long>();
        for (var kill = 0; kill < Kills; kill++)
        {
            // Stratified: on average the kills are spread evenly over what is left of the cycle.
            var left = Math.Max(1, cycleRequests - killed.Target.Requests.Total);
            var point = (long)(random.NextDouble() * 1.8 * left / (Kills - kill + 1));
            killPoints.Add(point);
            var exited = await RunAndKillAsync(job, graph, killed, point);
            Assert.False(exited, $"run {kill + 1} completed before its kill point ({point} requests): the kills must land inside the initial cycle");
        }

        var final = await RunToEndAsync(job);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"clean run {cleanSeconds:F1} s ({cycleRequests} SCIM requests); kill points {string.Join(", ", killPoints)}; all runs {clock.Elapsed.TotalSeconds:F1} s");

        Assert.True(final.Exit == 0, final.Output);
        Assert.Equal("initial", final.Summary.GetProperty("cycle").GetString());
        Assert.Equal(0, final.Summary.GetProperty("failed").GetInt32());
        Assert.Contains(killPoints, p => p > 0);
        Assert.Equal(Canonical(clean.Target), Canonical(killed.Target));
        var userNames = killed.Target.Users.Select(u => u["userName"]!.GetValue<string>()).ToList();
        Assert.Equal(Accounts, userNames.Count);
        Assert.Equal(Accounts, userNames.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Equal(Groups, killed.Target.Groups.Count);

        // Every killed run left its cycle Running; the next run marked it Abandoned, so nothing shows as running forever.
        var states = await CycleStatesAsync(Path.ChangeExtension(job, ".state.db"));
        Assert.Equal(Kills, states.Count(s => s == CycleState.Abandoned));
        Assert.DoesNotContain(CycleState.Running, states);
    }

    private async Task<List<CycleState>> CycleStatesAsync(string stateFile)
    {
        var settings = DatabaseSettings.For(DatabaseProvider.Sqlite, $"Data Source={stateFile}", _folder.FullName);
        var options = new DbContextOptionsBuilder<PortalDbContext>();
        settings.Configure(options);
        await using var db = new PortalDbContext(options.Options, new TenantContext());
        return await db.AcrossAllTenants<Cycle>().Select(c => c.State).ToListAsync(Ct);
    }

    /// <summary>Starts the worker and kills its whole process tree once the target answered <paramref name="point"/> requests of this run.</summary>
    private static async Task<bool> RunAndKillAsync(string job, SandboxGraphServer graph, SandboxScimServer target, long point)
    {
        var graphStart = graph.Emulator.RequestLog.Total;
        var scimStart = target.Target.Requests.Total;
        using var worker = Start(job);
        var output = DrainAsync(worker);
        // The cycle has begun once the worker reads the directory; a kill point of 0 lands in that read.
        while (!worker.HasExited && (graph.Emulator.RequestLog.Total == graphStart || target.Target.Requests.Total - scimStart < point))
        {
            await Task.Delay(1, Ct);
        }

        var exited = worker.HasExited;
        worker.Kill(entireProcessTree: true);
        await worker.WaitForExitAsync(Ct);
        await output;
        return exited;
    }

    private static async Task<(int Exit, string Output, JsonElement Summary)> RunToEndAsync(string job)
    {
        using var worker = Start(job);
        var output = DrainAsync(worker);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromMinutes(3));
        await worker.WaitForExitAsync(timeout.Token);
        var text = await output;
        var last = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "{}";
        return (worker.ExitCode, text, last.StartsWith('{') ? JsonDocument.Parse(last).RootElement.Clone() : JsonDocument.Parse("{}").RootElement.Clone());
    }

    private static Process Start(string job) =>
        PortalProcess.Start(["sync", "run", "--job", job], new Dictionary<string, string> { ["DOTNET_TieredPGO"] = "0" });

    private static async Task<string> DrainAsync(Process worker)
    {
        var output = worker.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var error = worker.StandardError.ReadToEndAsync(CancellationToken.None);
        return await output + await error;
    }

    private string WriteJob(string name, SandboxGraphServer graph, SandboxScimServer target)
    {
        var path = Path.Combine(_folder.FullName, $"{name}.json");
        File.WriteAllText(path, JsonSerializer.Serialize(new
        {
            source = new
            {
                tenantId = SandboxDemoIds.TenantId,
                clientId = SandboxDemoIds.ClientId,
                clientSecret = SandboxDemoIds.ClientSecret,
                servicePrincipalId = SandboxDemoIds.GoToServicePrincipalId,
                graphBaseUrl = graph.BaseUrl,
                tokenEndpoint = graph.TokenEndpoint,
                scope = "All",
            },
            // A loopback target takes far more than the portal's default pace; the profile says so.
            target = new
            {
                baseUrl = target.ScimBaseUrl, auth = "BearerToken", secret = SandboxScimOptions.DemoToken,
                profile = new { requestsPerSecond = 100_000, maxParallelism = 8 },
            },
            deletionThreshold = 100_000,
            allowPrivateNetwork = true,
        }));
        return path;
    }

    /// <summary>The target's accounts without server-assigned ids and metadata; groups list their members by userName.</summary>
    private static string Canonical(SandboxScimTarget target)
    {
        var users = target.Users;
        var names = users.ToDictionary(u => u["id"]!.GetValue<string>(), u => u["userName"]!.GetValue<string>());
        var lines = users.Select(u => "user " + Sorted(Strip(u))!.ToJsonString())
            .Concat(target.Groups.Select(g =>
            {
                var members = (g["members"] as JsonArray ?? []).Select(m => m?["value"]?.GetValue<string>() ?? "")
                    .Select(id => names.GetValueOrDefault(id, "?" + id)).Order(StringComparer.Ordinal);
                return $"group {Sorted(Strip(g))!.ToJsonString()} members {string.Join(",", members)}";
            }))
            .Order(StringComparer.Ordinal);
        return string.Join('\n', lines);
    }

    private static JsonObject Strip(JsonObject resource)
    {
        var copy = (JsonObject)resource.DeepClone();
        copy.Remove("id");
        copy.Remove("meta");
        copy.Remove("members");
        return copy;
    }

    private static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Sorted(p.Value)))),
        JsonArray a => new JsonArray([.. a.Select(Sorted)]),
        _ => node?.DeepClone(),
    };
}

[CollectionDefinition(nameof(WorkerKillCollection), DisableParallelization = true)]
public sealed class WorkerKillCollection;
