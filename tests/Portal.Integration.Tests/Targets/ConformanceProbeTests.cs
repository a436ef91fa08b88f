using Portal.Provisioning.Targets.Scim;
using Portal.Sandbox.Scim;

namespace Portal.Integration.Tests.Targets;

public sealed class ConformanceProbeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(SandboxScimMode.Strict, DialectPresets.Rfc)]
    [InlineData(SandboxScimMode.Entra, DialectPresets.Entra)]
    [InlineData(SandboxScimMode.GoTo, DialectPresets.GoTo)]
    public async Task RunAsync_PassesEveryCheck_WhenDialectMatchesTarget(SandboxScimMode mode, string preset)
    {
        await using var sandbox = await ScimSandbox.StartAsync(mode);

        var report = await new ConformanceProbe().RunAsync(sandbox.Connector(preset), includeConformance: true, Ct);

        Assert.True(report.Succeeded, report.Message);
        Assert.All(report.Checks, c => Assert.True(c.Passed, $"{c.Name}: {c.Detail}"));
        Assert.Contains(report.Checks, c => c.Name.StartsWith("Remove group member", StringComparison.Ordinal));
        Assert.Empty(sandbox.Target.Users);
        Assert.Empty(sandbox.Target.Groups);
    }

    [Fact]
    public async Task RunAsync_ReportsFailedChecks_WhenEntraDialectMeetsStrictTarget()
    {
        await using var sandbox = await ScimSandbox.StartAsync(SandboxScimMode.Strict);

        var report = await new ConformanceProbe().RunAsync(sandbox.Connector(DialectPresets.Entra), includeConformance: true, Ct);

        Assert.True(report.Succeeded);
        var failed = report.Checks.Where(c => !c.Passed).Select(c => c.Name).ToList();
        Assert.Contains("Update user (PATCH)", failed);
        Assert.Contains("Remove group member (ValueArray style)", failed);
        Assert.Contains(report.Checks, c => !c.Passed && c.Detail.Contains("Unsupported op 'Replace'", StringComparison.Ordinal));
        Assert.Empty(sandbox.Target.Users);
    }

    [Fact]
    public async Task RunAsync_StopsAfterConnectionTest_WhenCredentialsAreWrong()
    {
        await using var sandbox = await ScimSandbox.StartAsync();

        var report = await new ConformanceProbe().RunAsync(sandbox.Factory.Create(sandbox.Settings() with { Secret = "nope" }), includeConformance: true, Ct);

        Assert.False(report.Succeeded);
        Assert.False(Assert.Single(report.Checks).Passed);
    }
}
