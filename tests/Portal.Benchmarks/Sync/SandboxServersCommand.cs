using System.Text.Json;
using Portal.Sandbox.Graph;
using Portal.Sandbox.Scim;

namespace Portal.Benchmarks.Sync;

/// <summary>
/// <c>sandbox-servers --users N --groups G --memberships M [--seed 1] [--latency-ms 0]</c>: the sync harness's remote side in its own
/// process, so the benchmark process holds the engine alone (in real life Graph and the target are remote). Generates
/// the directory, serves it from the Graph emulator, and serves two strict SCIM targets (one the engine writes to, a
/// fresh one for the raw client), each on its own loopback Kestrel. The first stdout line is one JSON object with the
/// addresses (<see cref="SandboxEndpoints"/>); then it serves until stdin closes, so it never outlives its parent.
/// </summary>
internal static class SandboxServersCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var emulator = SandboxGraphEmulator.CreateGenerated(
            SyncBenchmark.Arg(args, "--users", 100_000), SyncBenchmark.Arg(args, "--groups", 1_000), SyncBenchmark.Arg(args, "--memberships", 200_000),
            SyncBenchmark.Arg(args, "--seed", 1));
        await using var graph = await SandboxGraphServer.StartAsync(emulator);
        var options = new SandboxScimOptions { Latency = TimeSpan.FromMilliseconds(SyncBenchmark.Arg(args, "--latency-ms", 0)) };
        await using var target = await SandboxScimServer.StartAsync("http://127.0.0.1:0", options);
        await using var rawTarget = await SandboxScimServer.StartAsync("http://127.0.0.1:0", options);
        Console.WriteLine(JsonSerializer.Serialize(
            new SandboxEndpoints(graph.BaseUrl, graph.TokenEndpoint, target.ScimBaseUrl, rawTarget.ScimBaseUrl), SandboxEndpoints.Json));
        await Console.Out.FlushAsync();

        // End of stdin: the parent closed it or died. A stop signal ends the Kestrel hosts instead.
        var parentGone = Task.Run(async () => await Console.In.ReadToEndAsync());
        await Task.WhenAny(parentGone, graph.WaitForShutdownAsync());
        return 0;
    }
}

/// <summary>Where the sandbox process serves: the Graph emulator, the engine's SCIM target and the raw client's.</summary>
internal sealed record SandboxEndpoints(string GraphBaseUrl, string GraphTokenEndpoint, string TargetUrl, string RawTargetUrl)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
}
