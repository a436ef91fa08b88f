using Portal.Sandbox.Graph;

namespace Portal.Integration.Tests.Source;

public sealed class GraphDirectorySourceConnectionTests
{
    [Fact]
    public async Task TestConnectionAsync_Succeeds_WhenAppHasEveryPermission()
    {
        await using var sandbox = await GraphSandbox.StartAsync();

        var result = await sandbox.CreateSource().TestConnectionAsync(SandboxDemoIds.GoToServicePrincipalId, TestContext.Current.CancellationToken);

        Assert.True(result.Succeeded, result.Message);
        Assert.Empty(result.MissingPermissions);
        Assert.Contains("GoTo Meeting (sandbox)", result.Message, StringComparison.Ordinal);
        Assert.True(result.MayAssign);
        Assert.EndsWith("Tenant admins may assign users and groups from the portal (AppRoleAssignment.ReadWrite.All is granted).", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TestConnectionAsync_SaysAssigningIsNotGranted_FromTheAppsConsentedPermissions_WithoutFailing()
    {
        await using var sandbox = await GraphSandbox.StartAsync();
        sandbox.Directory.RegisterClient(new SandboxClient("11111111-2222-4333-8444-666666666666", "reader-secret", SandboxGraphPermissions.All));
        var source = sandbox.CreateSource(sandbox.Settings("11111111-2222-4333-8444-666666666666", "reader-secret"));

        var result = await source.TestConnectionAsync(SandboxDemoIds.GoToServicePrincipalId, TestContext.Current.CancellationToken);

        Assert.True(result.Succeeded, result.Message);
        Assert.False(result.MayAssign);
        Assert.EndsWith("Assigning users and groups from the portal needs AppRoleAssignment.ReadWrite.All, which is not granted: optional; "
            + "without it, assign them in the Entra admin center.", result.Message, StringComparison.Ordinal);
        // Learnt by reading the grants, not by trying to assign.
        Assert.Contains(sandbox.Emulator.RequestLog.Snapshot(), r => r.Path.EndsWith("/appRoleAssignments", StringComparison.Ordinal) && r.Status == 200);
        Assert.DoesNotContain(sandbox.Emulator.RequestLog.Snapshot(), r => r.Method != "GET" && !r.Path.Contains("token", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TestConnectionAsync_NamesMissingPermission_WhenAppLacksApplicationReadAll()
    {
        await using var sandbox = await GraphSandbox.StartAsync();
        sandbox.Directory.RegisterClient(new SandboxClient("11111111-2222-4333-8444-555555555555", "limited-secret",
            new HashSet<string> { SandboxGraphPermissions.UserReadAll, SandboxGraphPermissions.GroupReadAll }));
        var source = sandbox.CreateSource(sandbox.Settings("11111111-2222-4333-8444-555555555555", "limited-secret"));

        var result = await source.TestConnectionAsync(SandboxDemoIds.GoToServicePrincipalId, TestContext.Current.CancellationToken);

        Assert.False(result.Succeeded);
        Assert.Equal(["Application.Read.All"], result.MissingPermissions);
        Assert.Contains("Application.Read.All", result.Message, StringComparison.Ordinal);
        Assert.Contains("Grant admin consent", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TestConnectionAsync_SaysSecretWasRejected_WithoutEchoingIt()
    {
        await using var sandbox = await GraphSandbox.StartAsync();
        var source = sandbox.CreateSource(sandbox.Settings(secret: "not-the-secret-value"));

        var result = await source.TestConnectionAsync(SandboxDemoIds.GoToServicePrincipalId, TestContext.Current.CancellationToken);

        Assert.False(result.Succeeded);
        Assert.Contains("client secret was rejected", result.Message, StringComparison.Ordinal);
        Assert.Contains("AADSTS7000215", result.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-secret-value", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TestConnectionAsync_NamesServicePrincipal_WhenItDoesNotExist()
    {
        await using var sandbox = await GraphSandbox.StartAsync();
        var unknown = Guid.NewGuid().ToString();

        var result = await sandbox.CreateSource().TestConnectionAsync(unknown, TestContext.Current.CancellationToken);

        Assert.False(result.Succeeded);
        Assert.Empty(result.MissingPermissions);
        Assert.Contains(unknown, result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_ReportsMissingPermission_WhenAppLacksGroupReadAll()
    {
        await using var sandbox = await GraphSandbox.StartAsync();
        sandbox.Directory.RegisterClient(new SandboxClient("22222222-2222-4333-8444-555555555555", "users-only",
            new HashSet<string> { SandboxGraphPermissions.UserReadAll, SandboxGraphPermissions.ApplicationReadAll }));
        var source = sandbox.CreateSource(sandbox.Settings("22222222-2222-4333-8444-555555555555", "users-only"));

        var read = await source.ReadAsync(GraphSandbox.Query(), TestContext.Current.CancellationToken);

        Assert.False(read.IsComplete);
        Assert.Equal(200, read.Users.Count);
        Assert.Contains(read.Problems, p => p.Contains("Group.Read.All", StringComparison.Ordinal));
    }
}
