using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Portal.Data.Entities;
using Portal.Provisioning.Targets;
using Portal.Provisioning.Targets.Scim;
using Portal.Sandbox.Scim;

namespace Portal.Benchmarks;

/// <summary>
/// <c>scim-export [--users N] [--parallelism P] [--rate R]</c>: creates, updates and group-adds N users in the strict
/// sandbox target over loopback through the real SCIM client (rate limit off), then measures that a rate limit of R
/// requests/s holds for 2·R finds.
/// </summary>
internal static class ScimExportBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var users = Arg(args, "--users", 2_000);
        var parallelism = Arg(args, "--parallelism", 8);
        var rate = Arg(args, "--rate", 25);

        await using var server = await SandboxScimServer.StartAsync("http://127.0.0.1:0", new SandboxScimOptions());
        using var factory = new ScimTargetConnectorFactory();
        var settings = new TargetConnectorSettings(server.ScimBaseUrl, TargetAuthKind.BearerToken, SandboxScimOptions.DemoToken,
            RequestsPerSecond: null, MaxParallelism: parallelism, AllowPrivateNetwork: true);
        var connector = factory.Create(settings);

        var ids = new string[users];
        var create = await TimeAsync(users, parallelism, async i =>
        {
            var name = $"user{i}@contoso.com";
            ids[i] = (await connector.CreateAsync(ObjectKind.User, new Dictionary<string, JsonNode?>
            {
                ["userName"] = name, ["active"] = true, ["name.givenName"] = $"User{i}", ["name.familyName"] = "Bench",
                ["emails[type eq \"work\"].value"] = name,
            }, new MatchingKey("userName", name), CancellationToken.None)).Id;
        });
        var update = await TimeAsync(users, parallelism, i => connector.UpdateAsync(ObjectKind.User, ids[i],
            new Dictionary<string, JsonNode?> { ["name.familyName"] = "Updated" }, CancellationToken.None));
        var group = await connector.CreateAsync(ObjectKind.Group, new Dictionary<string, JsonNode?> { ["displayName"] = "Everyone" },
            new MatchingKey("displayName", "Everyone"), CancellationToken.None);
        var members = Stopwatch.StartNew();
        await connector.AddMembersAsync(group.Id, ids, CancellationToken.None);
        members.Stop();

        var limited = factory.Create(settings with { RequestsPerSecond = rate });
        var finds = 2 * rate;
        var limitedTime = await TimeAsync(finds, parallelism, _ => limited.FindAsync(ObjectKind.User, "userName", "user1@contoso.com", CancellationToken.None));
        // The bucket starts full (one second of burst), so 2·R requests take about one second.
        var observedRate = finds / Math.Max(limitedTime, 0.001);

        var result = new
        {
            benchmark = "scim-export",
            users, parallelism,
            createPerSecond = Math.Round(users / create),
            updatePerSecond = Math.Round(users / update),
            addMembersSeconds = Math.Round(members.Elapsed.TotalSeconds, 2),
            rateLimit = rate,
            rateLimitedRequests = finds,
            rateLimitedSeconds = Math.Round(limitedTime, 2),
            observedRequestsPerSecond = Math.Round(observedRate, 1),
            targetUsers = server.Target.Users.Count,
        };
        Console.WriteLine($"{"create",-24} {users:N0} users at {result.createPerSecond:N0}/s (parallelism {parallelism})");
        Console.WriteLine($"{"update (PATCH)",-24} {result.updatePerSecond:N0}/s");
        Console.WriteLine($"{"add members",-24} {users:N0} members in {result.addMembersSeconds} s (batches of 100)");
        Console.WriteLine($"{"rate limit",-24} {finds} requests at {rate}/s took {result.rateLimitedSeconds} s ({result.observedRequestsPerSecond}/s incl. burst)");
        Console.WriteLine(JsonSerializer.Serialize(result));
        return result.targetUsers == users ? 0 : 1;
    }

    private static async Task<double> TimeAsync(int count, int parallelism, Func<int, Task> action)
    {
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (i, _) => await action(i));
        return watch.Elapsed.TotalSeconds;
    }

    private static int Arg(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
