using Portal.Provisioning.Source;
using Portal.Sandbox.Graph;

namespace Portal.Integration.Tests.Source;

/// <summary>
/// When the client secret the portal reads the directory with ends, read from its own app registration
/// (<c>/applications(appId='…')</c>) through the Graph SDK; Graph lists a secret's first three characters, never its value.
/// </summary>
public sealed class GraphClientSecretTests
{
    private const string ClientId = "44444444-2222-4333-8444-555555555555";
    private const string Secret = "kV7~portal-secret-in-use";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ReadClientSecret_FindsTheSecretInUseAmongTheListed_TheSoonestWhenSeveralBeginAsItDoes()
    {
        await using var sandbox = await GraphSandbox.StartAsync();
        var now = DateTimeOffset.UtcNow;
        Register(sandbox, now.AddDays(20),
            new SandboxSecretListing("Old one, ended", "kV7", now.AddDays(-3)),
            new SandboxSecretListing("Another app's, sooner", "zz1", now.AddDays(2)));

        var status = await Source(sandbox).ReadClientSecretAsync(Ct);

        Assert.NotNull(status);
        Assert.Equal(("Portal", 1), (status.Name, status.Candidates));
        Assert.Equal(now.AddDays(20), status.ExpiresAt!.Value, TimeSpan.FromSeconds(1));

        Register(sandbox, now.AddDays(20), new SandboxSecretListing("Rotation", "kV7", now.AddDays(9)));
        status = await Source(sandbox).ReadClientSecretAsync(Ct);
        Assert.Equal(2, status!.Candidates);
        Assert.Equal(now.AddDays(9), status.ExpiresAt!.Value, TimeSpan.FromSeconds(1));
        Assert.StartsWith("Of the app registration's 2 client secrets that begin as the one in use, the first to expire expires on", status.Describe(now), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TestConnection_SaysWhenTheSecretEnds_AndWhatToDoInItsLastMonth()
    {
        await using var sandbox = await GraphSandbox.StartAsync();
        var ends = DateTimeOffset.UtcNow.AddDays(12).AddHours(1);
        Register(sandbox, ends);

        var test = await Source(sandbox).TestConnectionAsync(SandboxDemoIds.GoToServicePrincipalId, Ct);

        Assert.True(test.Succeeded, test.Message);
        Assert.Equal(ends, test.ClientSecret!.ExpiresAt!.Value, TimeSpan.FromSeconds(1));
        Assert.Contains($"The client secret 'Portal' expires on {ends:yyyy-MM-dd}, in 12 days. Before then, create a new one in Entra ID > App registrations > the app > Certificates & secrets",
            test.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("kV7", test.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TestConnection_StillSucceeds_WhenNoListedSecretBeginsAsTheOneInUse()
    {
        await using var sandbox = await GraphSandbox.StartAsync();
        sandbox.Directory.RegisterClient(new SandboxClient(ClientId, Secret, SandboxGraphPermissions.All)
        {
            ListsHint = false,
            OtherSecrets = [new SandboxSecretListing("Other", "abc", DateTimeOffset.UtcNow.AddDays(3))],
        });

        Assert.Null(await Source(sandbox).ReadClientSecretAsync(Ct));
        var test = await Source(sandbox).TestConnectionAsync(SandboxDemoIds.GoToServicePrincipalId, Ct);
        Assert.True(test.Succeeded, test.Message);
        Assert.Null(test.ClientSecret);
        Assert.Contains("The app registration lists no client secret that begins as the one in use", test.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnEndedSecret_IsRefusedBySignIn_AndTheMessageSaysItExpired()
    {
        await using var sandbox = await GraphSandbox.StartAsync();
        Register(sandbox, DateTimeOffset.UtcNow.AddMinutes(-5));

        var test = await Source(sandbox).TestConnectionAsync(SandboxDemoIds.GoToServicePrincipalId, Ct);

        Assert.False(test.Succeeded);
        Assert.True(test.CredentialsRejected);
        Assert.Contains($"The client secret of application (client) id {ClientId} has expired (AADSTS7000222", test.Message, StringComparison.Ordinal);
        Assert.Contains("create a new client secret and enter its Value on the Directory connection page", test.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<DirectorySourceException>(() => Source(sandbox).ReadClientSecretAsync(Ct));
    }

    [Fact]
    public async Task ReadClientSecret_NamesApplicationReadAll_WhenTheAppLacksIt()
    {
        await using var sandbox = await GraphSandbox.StartAsync();
        sandbox.Directory.RegisterClient(new SandboxClient(ClientId, Secret,
            new HashSet<string> { SandboxGraphPermissions.UserReadAll, SandboxGraphPermissions.GroupReadAll }));

        var refused = await Assert.ThrowsAsync<DirectorySourceException>(() => Source(sandbox).ReadClientSecretAsync(Ct));

        Assert.Contains("client secrets of app registration", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Application.Read.All", refused.Message, StringComparison.Ordinal);
    }

    private static void Register(GraphSandbox sandbox, DateTimeOffset? ends, params SandboxSecretListing[] others) =>
        sandbox.Directory.RegisterClient(new SandboxClient(ClientId, Secret, SandboxGraphPermissions.All) { SecretExpiresAt = ends, OtherSecrets = others });

    private static IDirectorySource Source(GraphSandbox sandbox, string secret = Secret) => sandbox.CreateSource(sandbox.Settings(ClientId, secret));
}
