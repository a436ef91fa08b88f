using System.Text.Json;
using Portal.Sandbox.Graph;
using Portal.Sandbox.Scim;

namespace Portal.Integration.Tests.Cli;

/// <summary>A temporary folder with a job file against the sandbox servers, and <c>portal sync</c> run on it as a pipeline would.</summary>
internal sealed class SyncJobFolder : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("portal-sync-");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Delete(recursive: true);
    }

    /// <summary>A job of the GoTo demo app over every user of the emulator's directory (scope All).</summary>
    public string WriteJob(SandboxGraphServer graph, SandboxScimServer target)
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

    /// <summary><c>portal sync &lt;command&gt; --job &lt;job&gt; [more]</c>: its exit code, everything it printed, and its last line as JSON.</summary>
    public static async Task<(int Exit, string Output, JsonElement Summary)> RunAsync(string command, string job, params string[] more)
    {
        using var process = PortalProcess.Start(["sync", command, "--job", job, .. more]);
        var output = process.StandardOutput.ReadToEndAsync(Ct);
        var error = process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        var text = await output + await error;
        var last = (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "{}";
        return (process.ExitCode, text, JsonDocument.Parse(last.StartsWith('{') ? last : "{}").RootElement.Clone());
    }
}
