using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Portal.Sandbox.Graph;

namespace Portal.Cli;

/// <summary>
/// <c>portal sandbox graph</c>: the Graph emulator on its own. The first stdout line is one JSON object with everything a
/// client needs (base URL, token endpoint, tenant, reader client id and secret, service principals, and the admin client
/// that may change the directory through Graph's write API or the sandbox control URL); then it serves until stopped.
/// </summary>
internal static class SandboxGraphCommand
{
    private static readonly Option<string> UrlsOption = new("--urls")
    {
        Description = "Address to listen on, e.g. http://127.0.0.1:5005 (port 0 picks a free one)",
        DefaultValueFactory = _ => "http://127.0.0.1:0",
    };

    private static readonly Option<int?> UsersOption = new("--users") { Description = "Generate a directory with this many users" };

    private static readonly Option<int?> GroupsOption = new("--groups") { Description = "Groups of the generated directory (default: users / 100)" };

    private static readonly Option<int?> MembershipsOption = new("--memberships") { Description = "Memberships of the generated directory (default: 2 × users)" };

    private static readonly Option<string> SeedOption = new("--seed")
    {
        Description = "'demo' for the demo directory (default), or a number seeding the generator",
        DefaultValueFactory = _ => "demo",
    };

    private static readonly Option<int?> PageSizeOption = new("--page-size") { Description = "Largest page served (default 999)" };

    public static Command Create()
    {
        var command = new Command("graph", "Serve the offline Microsoft Graph emulator (demo or generated directory) until stopped.");
        command.Options.Add(UrlsOption);
        command.Options.Add(UsersOption);
        command.Options.Add(GroupsOption);
        command.Options.Add(MembershipsOption);
        command.Options.Add(SeedOption);
        command.Options.Add(PageSizeOption);
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult result, CancellationToken cancellationToken)
    {
        var options = new SandboxGraphOptions();
        if (result.GetValue(PageSizeOption) is { } pageSize)
        {
            options.MaxPageSize = pageSize;
        }

        var seed = result.GetValue(SeedOption) ?? "demo";
        SandboxGraphEmulator emulator;
        if (result.GetValue(UsersOption) is { } users)
        {
            if (!int.TryParse(seed == "demo" ? "1" : seed, CultureInfo.InvariantCulture, out var number))
            {
                await Console.Error.WriteLineAsync($"--seed must be 'demo' or a whole number for a generated directory, not '{seed}'.");
                return 2;
            }

            var groups = result.GetValue(GroupsOption) ?? Math.Max(1, users / 100);
            var memberships = result.GetValue(MembershipsOption) ?? Math.Min(users * 2, users * groups);
            emulator = SandboxGraphEmulator.CreateGenerated(users, groups, memberships, number, options);
        }
        else if (seed == "demo")
        {
            emulator = SandboxGraphEmulator.CreateDemo(options);
        }
        else
        {
            await Console.Error.WriteLineAsync($"--seed '{seed}' needs --users; without --users only --seed demo is served.");
            return 2;
        }

        await using var server = await SandboxGraphServer.StartAsync(emulator, result.GetValue(UrlsOption)!, cancellationToken);
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            baseUrl = server.BaseUrl,
            tokenEndpoint = server.TokenEndpoint,
            tenantId = emulator.Directory.TenantId,
            clientId = SandboxDemoIds.ClientId,
            clientSecret = SandboxDemoIds.ClientSecret,
            adminClientId = SandboxDemoIds.AdminClientId,
            adminClientSecret = SandboxDemoIds.AdminClientSecret,
            controlUrl = $"{server.Address}/sandbox",
            servicePrincipalId = SandboxDemoIds.GoToServicePrincipalId,
            servicePrincipals = emulator.Directory.ServicePrincipals().Select(sp => new { id = sp.Id, appId = sp.AppId, displayName = sp.DisplayName }),
            users = emulator.Directory.UserCount,
            groups = emulator.Directory.GroupCount,
        }));
        await Console.Out.FlushAsync(cancellationToken);
        try
        {
            await server.WaitForShutdownAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C: System.CommandLine cancels the token; stopping is the expected way out.
        }

        return 0;
    }
}
