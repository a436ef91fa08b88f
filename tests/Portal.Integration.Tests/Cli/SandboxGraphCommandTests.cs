using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Portal.Integration.Tests.Source;
using Portal.Provisioning.Source;

namespace Portal.Integration.Tests.Cli;

/// <summary>
/// <c>portal sandbox graph</c> as other tools use it: a real process whose first stdout line says how to connect, then
/// a directory read through the real Graph SDK with exactly what that line gave.
/// </summary>
public sealed class SandboxGraphCommandTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SandboxGraph_PrintsItsConnectionFirst_AndServesTheGeneratedDirectory()
    {
        using var emulator = Start("sandbox", "graph", "--urls", "http://127.0.0.1:0", "--users", "120", "--groups", "4", "--memberships", "200",
            "--seed", "7", "--page-size", "50");
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            timeout.CancelAfter(TimeSpan.FromMinutes(1));
            var first = await emulator.StandardOutput.ReadLineAsync(timeout.Token) ?? throw new InvalidOperationException(await emulator.StandardError.ReadToEndAsync(Ct));
            var connection = JsonDocument.Parse(first).RootElement;

            await using var services = new ServiceCollection().AddGraphDirectorySource().BuildServiceProvider();
            var source = services.GetRequiredService<IDirectorySourceFactory>().Create(new DirectorySourceSettings(
                Text(connection, "tenantId"), Text(connection, "clientId"), Text(connection, "clientSecret"), Text(connection, "baseUrl"), Text(connection, "tokenEndpoint")));
            var read = await source.ReadAsync(GraphSandbox.Query(Text(connection, "servicePrincipalId")), Ct);

            Assert.Equal(120, connection.GetProperty("users").GetInt32());
            Assert.Equal(4, connection.GetProperty("groups").GetInt32());
            Assert.True(read.IsComplete, string.Join("; ", read.Problems));
            Assert.Equal(120, read.Users.Count);
            Assert.Equal(4, read.Groups.Count);
            Assert.StartsWith(Text(connection, "baseUrl"), read.UsersDeltaLink, StringComparison.Ordinal);
        }
        finally
        {
            emulator.Kill(entireProcessTree: true);
            await emulator.WaitForExitAsync(Ct);
        }
    }

    [Fact]
    public async Task SandboxGraph_Exits2AndSaysWhy_WhenTheSeedIsNotANumber()
    {
        using var emulator = Start("sandbox", "graph", "--users", "10", "--seed", "abc");
        var error = await emulator.StandardError.ReadToEndAsync(Ct);
        await emulator.WaitForExitAsync(Ct);

        Assert.Equal(2, emulator.ExitCode);
        Assert.Contains("--seed must be 'demo' or a whole number", error, StringComparison.Ordinal);
    }

    private static string Text(JsonElement connection, string name) => connection.GetProperty(name).GetString()!;

    private static Process Start(params string[] arguments) => PortalProcess.Start(arguments);
}
