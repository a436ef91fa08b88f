using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Portal.Provisioning.Source;
using Portal.Sandbox.Graph;

namespace Portal.Benchmarks;

/// <summary>
/// <c>graph-read [--users N] [--groups G] [--memberships M] [--seed S]</c>: a full read of a generated directory from the
/// emulator on loopback through the real SDK, streamed page by page into a sink that keeps only the user ids (the
/// working set a cycle needs), then one delta round after 1,000 changes. The emulator runs in the same process, so the
/// process peak includes its store; the reader's own share is the managed heap growth, and the largest heap seen
/// between pages.
/// </summary>
internal static class GraphReadBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var users = Arg(args, "--users", 100_000);
        var groups = Arg(args, "--groups", 1_000);
        var memberships = Arg(args, "--memberships", 200_000);
        var seed = Arg(args, "--seed", 1);

        var generate = Stopwatch.StartNew();
        var emulator = SandboxGraphEmulator.CreateGenerated(users, groups, memberships, seed);
        generate.Stop();
        await using var server = await SandboxGraphServer.StartAsync(emulator);
        await using var services = new ServiceCollection().AddGraphDirectorySource().BuildServiceProvider();
        var source = services.GetRequiredService<IDirectorySourceFactory>().Create(new DirectorySourceSettings(
            SandboxDemoIds.TenantId, SandboxDemoIds.ClientId, SandboxDemoIds.ClientSecret, server.BaseUrl, server.TokenEndpoint));
        var query = new DirectoryQuery(SandboxDemoIds.GoToServicePrincipalId,
            ["displayName", "givenName", "surname", "userPrincipalName", "mail", "department", "jobTitle", "employeeId", "manager"],
            ["displayName", "description"]);

        GC.Collect();
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        var read = Stopwatch.StartNew();
        var ids = new IdsOnly();
        var full = await source.ReadAsync(query, ids, CancellationToken.None);
        read.Stop();
        var allocated = GC.GetTotalAllocatedBytes() - allocatedBefore;
        var heapAfter = GC.GetTotalMemory(forceFullCollection: true);
        var members = full.Groups.Sum(g => g.Members?.Added.Count ?? 0);
        var objects = ids.Users.Count + full.Groups.Count + members + full.Assignments.Count;

        var directory = emulator.Directory;
        var sample = directory.Users().Take(1_000).ToList();
        foreach (var user in sample)
        {
            directory.UpdateUser(user.Id, new Dictionary<string, object?> { ["department"] = "Benchmarks" });
        }

        var deltaWatch = Stopwatch.StartNew();
        var delta = await source.ReadAsync(query with { UsersDeltaLink = full.UsersDeltaLink, GroupsDeltaLink = full.GroupsDeltaLink }, CancellationToken.None);
        deltaWatch.Stop();
        GC.KeepAlive(full);

        var peak = Process.GetCurrentProcess().PeakWorkingSet64;
        var result = new
        {
            benchmark = "graph-read",
            users, groups, memberships,
            generateSeconds = Math.Round(generate.Elapsed.TotalSeconds, 2),
            fullReadSeconds = Math.Round(read.Elapsed.TotalSeconds, 2),
            objects,
            objectsPerSecond = Math.Round(objects / read.Elapsed.TotalSeconds),
            complete = full.IsComplete,
            requests = emulator.RequestLog.Snapshot().Count,
            readerHeapGrowthMb = Math.Round((heapAfter - heapBefore) / 1048576.0, 1),
            readerAllocatedMb = Math.Round(allocated / 1048576.0, 1),
            readerLargestHeapBetweenPagesMb = Math.Round((ids.LargestHeap - heapBefore) / 1048576.0, 1),
            pages = ids.Pages,
            processPeakWorkingSetMb = Math.Round(peak / 1048576.0, 1),
            deltaChanges = delta.Users.Count,
            deltaSeconds = Math.Round(deltaWatch.Elapsed.TotalSeconds, 2),
        };
        Console.WriteLine($"{"directory",-28} {users:N0} users, {groups:N0} groups, {memberships:N0} memberships (generated in {result.generateSeconds} s)");
        Console.WriteLine($"{"full read",-28} {result.fullReadSeconds} s, {objects:N0} objects, {result.objectsPerSecond:N0} objects/s, complete={full.IsComplete}");
        Console.WriteLine($"{"reader heap growth",-28} {result.readerHeapGrowthMb} MB (groups, members and user ids held), {result.readerAllocatedMb} MB allocated");
        Console.WriteLine($"{"largest heap between pages",-28} {result.readerLargestHeapBetweenPagesMb} MB above the start, over {ids.Pages} pages of users");
        Console.WriteLine($"{"process peak working set",-28} {result.processPeakWorkingSetMb} MB (emulator store included)");
        Console.WriteLine($"{"delta round",-28} {delta.Users.Count:N0} changed users in {result.deltaSeconds} s");
        Console.WriteLine(JsonSerializer.Serialize(result));
        return full.IsComplete && delta.IsComplete ? 0 : 1;
    }

    /// <summary>Keeps what a cycle keeps of a full read: the ids of the users seen, not the users.</summary>
    private sealed class IdsOnly : IDirectoryReadSink
    {
        public HashSet<string> Users { get; } = new(StringComparer.OrdinalIgnoreCase);

        public int Pages { get; private set; }

        public long LargestHeap { get; private set; }

        public Task HeadAsync(DirectoryReadHead head, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task UsersAsync(IReadOnlyList<SourceObject> page, bool morePages, CancellationToken cancellationToken)
        {
            Users.UnionWith(page.Select(u => u.Id));
            // Sampled every tenth page: a forced collection per page would dominate the read.
            if (++Pages % 10 == 0)
            {
                LargestHeap = Math.Max(LargestHeap, GC.GetTotalMemory(forceFullCollection: true));
            }

            return Task.CompletedTask;
        }
    }

    private static int Arg(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
