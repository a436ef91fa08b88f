using System.CommandLine;
using System.Text.Json.Nodes;
using Portal.Cli;
using Portal.Integration.Tests.Targets;
using Portal.Sandbox.Scim;

namespace Portal.Integration.Tests.Cli;

/// <summary><c>portal target probe</c>: a readable report, then one JSON object as the last line; exit 0 or 3.</summary>
public sealed class TargetCommandsTests
{
    [Theory]
    [InlineData(SandboxScimMode.Strict, "rfc")]
    [InlineData(SandboxScimMode.Entra, "entra")]
    [InlineData(SandboxScimMode.GoTo, "goto")]
    public async Task Probe_Exits0_AndEndsWithTheJsonReport_WhenTheConnectionTestPasses(SandboxScimMode mode, string dialect)
    {
        await using var sandbox = await ScimSandbox.StartAsync(mode);

        var (exit, lines) = await RunAsync("target", "probe", "--url", sandbox.Server.ScimBaseUrl, "--token", SandboxScimOptions.DemoToken, "--dialect", dialect);

        Assert.Equal(0, exit);
        var report = JsonNode.Parse(lines[^1])!.AsObject();
        Assert.Equal(["connection", "checks", "passed", "failed"], report.Select(p => p.Key));
        Assert.True(report["connection"]!.GetValue<bool>());
        var checks = report["checks"]!.AsArray();
        Assert.All(checks, c => Assert.Equal(["name", "passed", "detail"], c!.AsObject().Select(p => p.Key)));
        Assert.Equal((checks.Count, 0), (report["passed"]!.GetValue<int>(), report["failed"]!.GetValue<int>()));
        Assert.StartsWith("Entra probe", checks[0]!["name"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("  [PASS] Create user", StringComparison.Ordinal));
        Assert.Empty(sandbox.Target.Users);
    }

    [Fact]
    public async Task Probe_Exits0_AndCountsFailedChecks_WhenTheDialectDoesNotFitTheTarget()
    {
        await using var sandbox = await ScimSandbox.StartAsync(SandboxScimMode.Strict);

        var (exit, lines) = await RunAsync("target", "probe", "--url", sandbox.Server.ScimBaseUrl, "--token", SandboxScimOptions.DemoToken, "--dialect", "entra");

        Assert.Equal(0, exit);
        var report = JsonNode.Parse(lines[^1])!;
        Assert.True(report["connection"]!.GetValue<bool>());
        Assert.True(report["failed"]!.GetValue<int>() >= 2);
        Assert.Equal(report["checks"]!.AsArray().Count, report["passed"]!.GetValue<int>() + report["failed"]!.GetValue<int>());
        Assert.Contains(lines, l => l.StartsWith("  [FAIL] Update user (PATCH)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Probe_Exits3_WithConnectionFalse_WhenTheTokenIsWrong()
    {
        await using var sandbox = await ScimSandbox.StartAsync();

        var (exit, lines) = await RunAsync("target", "probe", "--url", sandbox.Server.ScimBaseUrl, "--token", "wrong");

        Assert.Equal(3, exit);
        var report = JsonNode.Parse(lines[^1])!;
        Assert.False(report["connection"]!.GetValue<bool>());
        Assert.Equal((0, 1), (report["passed"]!.GetValue<int>(), report["failed"]!.GetValue<int>()));
        Assert.Contains("refused the credentials", report["checks"]![0]!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Probe_Exits3_WhenTheUrlIsNotAScimBaseUrl()
    {
        var (exit, lines) = await RunAsync("target", "probe", "--url", "not a url");

        Assert.Equal(3, exit);
        var report = JsonNode.Parse(lines[^1])!;
        Assert.False(report["connection"]!.GetValue<bool>());
        Assert.Contains("not an absolute http(s) URL", report["checks"]![0]!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private static async Task<(int Exit, string[] Lines)> RunAsync(params string[] args)
    {
        var root = new RootCommand();
        root.Subcommands.Add(TargetCommands.Create());
        var output = new StringWriter();
        var exit = await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = new StringWriter() }, TestContext.Current.CancellationToken);
        return (exit, output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }
}
