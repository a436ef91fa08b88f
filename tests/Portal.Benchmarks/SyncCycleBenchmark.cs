using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Data.Entities;
using Portal.Data.Secrets;
using Portal.Data.Tenancy;
using Portal.Provisioning;
using Portal.Provisioning.Cycles;
using Portal.Provisioning.Source;
using Portal.Provisioning.Targets.Scim;
using Portal.Sandbox.Graph;
using Portal.Sandbox.Scim;

namespace Portal.Benchmarks;

/// <summary>
/// <c>sync-cycle [--users N] [--groups G] [--memberships M]</c>: an initial cycle of a generated directory (sync all)
/// into the sandbox SCIM target on loopback, rate limit off, SQLite state; then a plain HttpClient POSTing the same
/// users to a fresh target at the same parallelism, for the ratio; then incremental cycles with 1 % and 0 % changed.
/// </summary>
internal static class SyncCycleBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var users = Arg(args, "--users", 100_000);
        var groups = Arg(args, "--groups", 1_000);
        var memberships = Arg(args, "--memberships", 200_000);
        var emulator = SandboxGraphEmulator.CreateGenerated(users, groups, memberships);
        await using var graph = await SandboxGraphServer.StartAsync(emulator);
        await using var scim = await SandboxScimServer.StartAsync("http://127.0.0.1:0", new SandboxScimOptions { MaxPageSize = 1000 });
        var folder = Directory.CreateTempSubdirectory("portal-bench-");
        var database = DatabaseSettings.For(DatabaseProvider.Sqlite, "Data Source=state.db", folder.FullName);
        await using var services = new ServiceCollection()
            .AddPortalData(database)
            .AddGraphDirectorySource()
            .AddScimTargets()
            .AddProvisioning(new EngineOptions { AllowPrivateNetworkTargets = true, TargetRequestsPerSecond = null, WriteBatchSize = 1000 })
            .BuildServiceProvider();
        var options = new DbContextOptionsBuilder<PortalDbContext>();
        database.Configure(options);
        PortalDbContext ContextFor(Guid? tenant) => new(options.Options, new TenantContext { TenantId = tenant });
        await using (var db = ContextFor(null))
        {
            await db.Database.MigrateAsync();
        }

        var file = new SyncJobFile(
            new SyncJobSource(SandboxDemoIds.TenantId, SandboxDemoIds.ClientId, SandboxDemoIds.ClientSecret, SandboxDemoIds.GoToServicePrincipalId,
                graph.BaseUrl, graph.TokenEndpoint, ProvisioningScope.All),
            new SyncJobTarget(scim.ScimBaseUrl, Secret: SandboxScimOptions.DemoToken),
            DeletionThreshold: int.MaxValue, AllowPrivateNetwork: true);
        var (tenantId, jobId) = await SyncJobImport.ApplyAsync(ContextFor, file, services.GetRequiredService<SecretProtector>(), DateTimeOffset.UtcNow, CancellationToken.None);
        var engine = services.GetRequiredService<ProvisioningEngine>();

        var initialClock = Stopwatch.StartNew();
        var initial = await engine.RunCycleAsync(tenantId, jobId, new CycleOptions(IgnoreQuarantineSchedule: true), CancellationToken.None);
        initialClock.Stop();
        var peak = Process.GetCurrentProcess().PeakWorkingSet64;
        var objects = initial.Created + initial.Updated;
        var engineRate = objects / initialClock.Elapsed.TotalSeconds;

        var raw = await RawRateAsync(users);

        var sample = emulator.Directory.Users().Take(users / 100).ToList();
        foreach (var user in sample)
        {
            emulator.Directory.UpdateUser(user.Id, new Dictionary<string, object?> { ["department"] = "Benchmark" });
        }

        var onePercent = Stopwatch.StartNew();
        var changed = await engine.RunCycleAsync(tenantId, jobId, new CycleOptions(IgnoreQuarantineSchedule: true), CancellationToken.None);
        onePercent.Stop();
        var quiet = Stopwatch.StartNew();
        await engine.RunCycleAsync(tenantId, jobId, new CycleOptions(IgnoreQuarantineSchedule: true), CancellationToken.None);
        quiet.Stop();

        Console.WriteLine($"initial cycle: {objects:N0} objects ({initial.Created:N0} created, {initial.Updated:N0} updated incl. memberships, {initial.Failed} failed) in {initialClock.Elapsed.TotalSeconds:F1} s = {engineRate:F0} objects/s");
        Console.WriteLine($"plain HttpClient POSTs: {raw:F0} users/s; ratio {engineRate / raw:F2}; peak working set {peak / 1024 / 1024:N0} MB");
        Console.WriteLine($"incremental, 1 % changed: {changed.Updated:N0} updated in {onePercent.Elapsed.TotalSeconds:F1} s; no change: {quiet.Elapsed.TotalSeconds:F1} s");
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            benchmark = "sync-cycle", users, groups, memberships, objects, initialSeconds = initialClock.Elapsed.TotalSeconds, objectsPerSecond = engineRate,
            rawUsersPerSecond = raw, ratio = engineRate / raw, peakWorkingSetMb = peak / 1024 / 1024,
            incrementalOnePercentSeconds = onePercent.Elapsed.TotalSeconds, incrementalNoChangeSeconds = quiet.Elapsed.TotalSeconds,
        }));
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        folder.Delete(recursive: true);
        return 0;
    }

    // The same writes without the engine: POST /Users at the SCIM client's default parallelism.
    private static async Task<double> RawRateAsync(int users)
    {
        await using var scim = await SandboxScimServer.StartAsync("http://127.0.0.1:0", new SandboxScimOptions());
        using var http = new HttpClient { BaseAddress = new Uri(scim.ScimBaseUrl.TrimEnd('/') + "/") };
        http.DefaultRequestHeaders.Authorization = new("Bearer", SandboxScimOptions.DemoToken);
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, users), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            var body = new { schemas = new[] { "urn:ietf:params:scim:schemas:core:2.0:User" }, userName = $"raw{i}@bench.example", active = true, displayName = $"Raw {i}" };
            using var content = JsonContent.Create(body, new System.Net.Http.Headers.MediaTypeHeaderValue("application/scim+json"));
            using var response = await http.PostAsync("Users", content, ct);
            response.EnsureSuccessStatusCode();
        });
        return users / clock.Elapsed.TotalSeconds;
    }

    private static int Arg(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
