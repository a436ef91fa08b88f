using Portal.Data.Entities;
using Portal.Sandbox.Scim;

namespace Portal.Integration.Tests.Targets;

public sealed class TargetAuthenticationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(OAuthClientSecretPlacement.Header)]
    [InlineData(OAuthClientSecretPlacement.Body)]
    [InlineData(OAuthClientSecretPlacement.Both)]
    public async Task TestConnectionAsync_Succeeds_WithClientCredentials(OAuthClientSecretPlacement placement)
    {
        await using var sandbox = await ScimSandbox.StartAsync();
        var options = sandbox.Target.Options;
        var settings = sandbox.Settings() with
        {
            AuthKind = TargetAuthKind.OAuthClientCredentials, UserName = options.ClientId, Secret = options.ClientSecret,
            TokenEndpoint = sandbox.Server.TokenEndpoint, Scopes = "scim", ClientSecretPlacement = placement,
        };
        var connector = sandbox.Factory.Create(settings);

        Assert.True((await connector.TestConnectionAsync(Ct)).Succeeded);
        Assert.True((await connector.TestConnectionAsync(Ct)).Succeeded);
        Assert.Equal(1, sandbox.Target.TokensIssued);
        Assert.Equal([placement.ToString()], sandbox.Target.ClientSecretPlacements);
    }

    [Fact]
    public async Task TestConnectionAsync_Succeeds_WithGoToAdminPasswordAndBasic()
    {
        await using var sandbox = await ScimSandbox.StartAsync(SandboxScimMode.GoTo);
        var options = sandbox.Target.Options;
        var password = sandbox.Settings("goto") with
        {
            AuthKind = TargetAuthKind.GoToAdminPassword, UserName = options.AdminUserName, Secret = options.AdminPassword, TokenEndpoint = sandbox.Server.TokenEndpoint,
        };
        var basic = password with { AuthKind = TargetAuthKind.Basic, TokenEndpoint = null };

        Assert.True((await sandbox.Factory.Create(password).TestConnectionAsync(Ct)).Succeeded);
        Assert.True((await sandbox.Factory.Create(basic).TestConnectionAsync(Ct)).Succeeded);
        Assert.Equal(1, sandbox.Target.TokensIssued);
    }

    [Fact]
    public async Task FindAsync_ReusesTheTokenUntilItExpires_ThenFetchesANewOne()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var sandbox = await ScimSandbox.StartAsync(options: ScimSandbox.FastOptions with { Time = time });
        var options = sandbox.Target.Options;
        var connector = sandbox.Factory.Create(sandbox.Settings() with
        {
            AuthKind = TargetAuthKind.OAuthClientCredentials, UserName = options.ClientId, Secret = options.ClientSecret, TokenEndpoint = sandbox.Server.TokenEndpoint,
        });

        await connector.FindAsync(ObjectKind.User, "userName", "a@b.c", Ct);
        time.Advance(options.TokenLifetime - TimeSpan.FromMinutes(2));
        await connector.FindAsync(ObjectKind.User, "userName", "a@b.c", Ct);
        Assert.Equal(1, sandbox.Target.TokensIssued);

        time.Advance(TimeSpan.FromMinutes(2));
        await connector.FindAsync(ObjectKind.User, "userName", "a@b.c", Ct);
        Assert.Equal(2, sandbox.Target.TokensIssued);
        Assert.All(sandbox.Target.Requests.Entries, r => Assert.Equal(200, r.Status));
    }

    [Fact]
    public async Task FindAsync_RefreshesTokenExactlyOnce_WhenTargetAnswers401()
    {
        await using var sandbox = await ScimSandbox.StartAsync();
        var options = sandbox.Target.Options;
        var connector = sandbox.Factory.Create(sandbox.Settings() with
        {
            AuthKind = TargetAuthKind.OAuthClientCredentials, UserName = options.ClientId, Secret = options.ClientSecret, TokenEndpoint = sandbox.Server.TokenEndpoint,
        });
        await connector.FindAsync(ObjectKind.User, "userName", "a@b.c", Ct);
        sandbox.Target.RevokeTokens();

        await connector.FindAsync(ObjectKind.User, "userName", "a@b.c", Ct);

        Assert.Equal(2, sandbox.Target.TokensIssued);
        Assert.Equal([200, 401, 200], sandbox.Target.Requests.Entries.Select(r => r.Status));
    }

    [Fact]
    public async Task TestConnectionAsync_SaysCredentialsWereRefused_WhenBearerTokenIsWrong()
    {
        await using var sandbox = await ScimSandbox.StartAsync();
        var result = await sandbox.Factory.Create(sandbox.Settings() with { Secret = "wrong" }).TestConnectionAsync(Ct);

        Assert.False(result.Succeeded);
        Assert.Contains("refused the credentials", result.Message, StringComparison.Ordinal);
        Assert.Contains("invalid or expired", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TestConnectionAsync_SaysCredentialsWereRefused_WhenClientSecretIsWrong()
    {
        await using var sandbox = await ScimSandbox.StartAsync();
        var result = await sandbox.Factory.Create(sandbox.Settings() with
        {
            AuthKind = TargetAuthKind.OAuthClientCredentials, UserName = "sandbox-client", Secret = "wrong", TokenEndpoint = sandbox.Server.TokenEndpoint,
        }).TestConnectionAsync(Ct);

        Assert.False(result.Succeeded);
        Assert.Contains("refused the credentials", result.Message, StringComparison.Ordinal);
        Assert.Empty(sandbox.Target.Requests.Entries);
    }
}
