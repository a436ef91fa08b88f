using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Portal.Benchmarks.Sync;

/// <summary>
/// The <see cref="SandboxServersCommand"/> child: started with <c>dotnet Portal.Benchmarks.dll sandbox-servers …</c>
/// from the folder this assembly was loaded from (the benchmark's output, or a test project's, which carries the
/// benchmark's runtimeconfig). Disposing closes its stdin and kills it if it does not stop at once.
/// </summary>
internal sealed class SandboxProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);

    private readonly Process _process;
    private SandboxProcess(Process process, SandboxEndpoints endpoints)
    {
        _process = process;
        Endpoints = endpoints;
    }

    public SandboxEndpoints Endpoints { get; }

    /// <summary>User and system CPU seconds the sandbox process has spent so far (Linux: /proc/&lt;pid&gt;/stat).</summary>
    public double CpuSeconds
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime.TotalSeconds;
        }
    }

    /// <summary>The sandbox process's peak resident set over its whole life (VmHWM), in MB.</summary>
    public double PeakWorkingSetMb
    {
        get
        {
            _process.Refresh();
            return Math.Round(_process.PeakWorkingSet64 / 1048576.0, 1);
        }
    }

    public static async Task<SandboxProcess> StartAsync(SyncHarnessOptions options, CancellationToken cancellationToken)
    {
        var benchmark = Path.Combine(Path.GetDirectoryName(typeof(SandboxProcess).Assembly.Location)!, "Portal.Benchmarks.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new object[]
        {
            benchmark, "sandbox-servers", "--users", options.Users, "--groups", options.Groups, "--memberships", options.Memberships, "--seed", options.Seed,
            "--latency-ms", options.TargetLatencyMilliseconds,
        })
        {
            start.ArgumentList.Add(Convert.ToString(argument, System.Globalization.CultureInfo.InvariantCulture)!);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("The sandbox process did not start.");
        var errors = new StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            lock (errors)
            {
                errors.AppendLine(e.Data);
            }
        };
        process.BeginErrorReadLine();
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(StartTimeout);
            var line = await process.StandardOutput.ReadLineAsync(timeout.Token);
            var endpoints = line is null ? null : JsonSerializer.Deserialize<SandboxEndpoints>(line, SandboxEndpoints.Json);
            if (endpoints is null)
            {
                // Lets stderr drain, so the message says why.
                process.WaitForExit(5_000);
                throw new InvalidOperationException($"The sandbox process exited before serving: {Errors(errors)}");
            }

            return new SandboxProcess(process, endpoints);
        }
        catch
        {
            Stop(process);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.StandardInput.Close();
            await _process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None);
        }
        catch (Exception e) when (e is TimeoutException or IOException)
        {
            // It did not stop on its own: killed below.
        }
        finally
        {
            Stop(_process);
        }
    }

    private static void Stop(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Exited between the check and the kill.
        }
        finally
        {
            process.Dispose();
        }
    }

    private static string Errors(StringBuilder errors)
    {
        lock (errors)
        {
            return errors.Length == 0 ? "(nothing on stderr)" : errors.ToString().Trim();
        }
    }
}
