using System.CommandLine;
using Portal.Sandbox.Scim;

namespace Portal.Cli;

/// <summary><c>portal sandbox scim</c>: the sandbox SCIM target on its own until stopped.</summary>
internal static class SandboxScimCommand
{
    public static Command Create()
    {
        var urls = new Option<string>("--urls") { Description = "Listen address, e.g. http://127.0.0.1:5080", DefaultValueFactory = _ => "http://127.0.0.1:5080" };
        var mode = new Option<string>("--mode") { Description = "strict, entra, goto or scim11", DefaultValueFactory = _ => "strict" };
        mode.AcceptOnlyFromAmong("strict", "entra", "goto", "scim11");
        var token = new Option<string>("--token") { Description = "Bearer token the target accepts", DefaultValueFactory = _ => SandboxScimOptions.DemoToken };
        var latency = new Option<int>("--latency-ms") { Description = "Milliseconds every SCIM request waits before it is handled, as a remote service's would", DefaultValueFactory = _ => 0 };
        latency.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 0)
            {
                r.AddError("--latency-ms cannot be negative.");
            }
        });

        var command = new Command("scim", "Run the sandbox SCIM 2.0 target (strict, Entra-compatible or GoTo flavour).");
        command.Options.Add(urls);
        command.Options.Add(mode);
        command.Options.Add(token);
        command.Options.Add(latency);
        command.SetAction(async (result, ct) =>
        {
            var options = new SandboxScimOptions
            {
                Mode = SandboxScimOptions.ParseMode(result.GetValue(mode)),
                BearerToken = result.GetValue(token)!,
                Latency = TimeSpan.FromMilliseconds(result.GetValue(latency)),
            };
            await using var server = await SandboxScimServer.StartAsync(result.GetValue(urls)!, options, ct);
            var slow = options.Latency > TimeSpan.Zero ? $", {options.Latency.TotalMilliseconds:N0} ms per request" : "";
            Console.WriteLine($"Sandbox SCIM target ({options.Mode}{slow}) at {server.ScimBaseUrl}");
            Console.WriteLine($"  token endpoint {server.TokenEndpoint} (client {options.ClientId}, admin {options.AdminUserName})");
            Console.WriteLine($"  inspection page {server.ScimBaseUrl}/_sandbox/ (JSON: /_sandbox/accounts, /_sandbox/requests); Ctrl+C stops.");
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
            }

            return 0;
        });
        return command;
    }
}
