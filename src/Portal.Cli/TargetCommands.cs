using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Portal.Data.Entities;
using Portal.Provisioning.Targets;
using Portal.Provisioning.Targets.Scim;

namespace Portal.Cli;

/// <summary><c>portal target probe</c>: Test Connection and the conformance probe against any SCIM server.</summary>
internal static class TargetCommands
{
    public static Command Create()
    {
        var url = new Option<string>("--url") { Description = "SCIM base URL (tenant URL)", Required = true };
        var token = new Option<string?>("--token") { Description = "Bearer token" };
        var dialect = new Option<string>("--dialect") { Description = "Dialect preset: rfc, entra or goto", DefaultValueFactory = _ => DialectPresets.Rfc };
        dialect.AcceptOnlyFromAmong([.. DialectPresets.Names]);

        var probe = new Command("probe", "Run Test Connection and the conformance probe; the last line is a JSON report. Exit 0 when the connection test passes, else 3.");
        probe.Options.Add(url);
        probe.Options.Add(token);
        probe.Options.Add(dialect);
        probe.SetAction((result, ct) => ProbeAsync(result.GetValue(url)!, result.GetValue(token), result.GetValue(dialect)!, result.InvocationConfiguration.Output, ct));

        var target = new Command("target", "Target application connections.");
        target.Subcommands.Add(probe);
        return target;
    }

    private static async Task<int> ProbeAsync(string url, string? token, string dialect, TextWriter output, CancellationToken cancellationToken)
    {
        // A command-line probe is an operator's tool: local and private targets (and http to them) are allowed.
        var settings = new TargetConnectorSettings(url, TargetAuthKind.BearerToken, token, DialectPreset: dialect, AllowPrivateNetwork: true);
        using var factory = new ScimTargetConnectorFactory(new ScimClientOptions { MaxRetries = 2, RequestTimeout = TimeSpan.FromSeconds(20) });
        ConnectionTestResult report;
        try
        {
            report = await new ConformanceProbe().RunAsync(factory.Create(settings), includeConformance: true, cancellationToken);
        }
        catch (TargetException e)
        {
            report = new ConnectionTestResult(false, $"{e.Message} {e.RecommendedAction}", [new ConformanceCheck("Connection settings", false, e.Message)]);
        }

        output.WriteLine($"Target {url} (dialect {dialect})");
        foreach (var check in report.Checks)
        {
            output.WriteLine($"  [{(check.Passed ? "PASS" : "FAIL")}] {check.Name}: {check.Detail}");
        }

        output.WriteLine(report.Message);
        var json = new JsonObject
        {
            ["connection"] = report.Succeeded,
            ["checks"] = new JsonArray(report.Checks.Select(c => (JsonNode)new JsonObject { ["name"] = c.Name, ["passed"] = c.Passed, ["detail"] = c.Detail }).ToArray()),
            ["passed"] = report.Checks.Count(c => c.Passed),
            ["failed"] = report.Checks.Count(c => !c.Passed),
        };
        output.WriteLine(json.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        return report.Succeeded ? 0 : 3;
    }
}
