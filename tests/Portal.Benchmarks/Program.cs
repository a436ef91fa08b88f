using Portal.Benchmarks;

// Benchmarks run in Release: dotnet run -c Release --project tests/Portal.Benchmarks -- <benchmark> [options]
return await BenchmarkCommands.RunAsync(args);
