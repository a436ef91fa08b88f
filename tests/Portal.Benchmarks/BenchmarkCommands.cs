namespace Portal.Benchmarks;

/// <summary>Dispatches to one benchmark by name; each prints a human table and, last, one JSON line.</summary>
internal static class BenchmarkCommands
{
    private static readonly Dictionary<string, Func<string[], Task<int>>> Benchmarks = new(StringComparer.OrdinalIgnoreCase)
    {
        ["expressions"] = ExpressionsBenchmark.RunAsync,
        ["graph-read"] = GraphReadBenchmark.RunAsync,
        ["load"] = Load.LoadBenchmark.RunAsync,
        ["logs"] = Logs.LogsBenchmark.RunAsync,
        ["scim-export"] = ScimExportBenchmark.RunAsync,
        ["sync"] = SyncBenchmark.RunAsync,

        // Not a benchmark: the sync benchmark's sandbox servers, run as its child process.
        ["sandbox-servers"] = Sync.SandboxServersCommand.RunAsync,
    };

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0 || !Benchmarks.TryGetValue(args[0], out var run))
        {
            await Console.Error.WriteLineAsync($"usage: Portal.Benchmarks <{string.Join("|", Benchmarks.Keys.DefaultIfEmpty("benchmark"))}> [options]");
            return 2;
        }

        return await run(args[1..]);
    }
}
