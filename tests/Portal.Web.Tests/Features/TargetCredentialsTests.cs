using Microsoft.EntityFrameworkCore;
using Portal.Data.Entities;
using Portal.Sandbox.Scim;
using Portal.Web.Features.Applications;
using Portal.Web.Features.Provisioning;

namespace Portal.Web.Tests.Features;

/// <summary>
/// The Provisioning tab's OAuth credentials end to end: saved through the settings service, read back, and used by
/// Test Connection (with the conformance probe) against the sandbox target's token endpoint.
/// </summary>
public sealed class TargetCredentialsTests : FeatureTestBase
{
    [Theory]
    [InlineData(OAuthClientSecretPlacement.Header)]
    [InlineData(OAuthClientSecretPlacement.Body)]
    [InlineData(OAuthClientSecretPlacement.Both)]
    public async Task TestConnection_UsesTheSavedClientSecretPlacement_AgainstTheSandboxTokenEndpoint(OAuthClientSecretPlacement placement)
    {
        await using var server = await SandboxScimServer.StartAsync("http://127.0.0.1:0", new SandboxScimOptions(), Ct);
        var options = server.Target.Options;
        var applicationId = await Get<ApplicationCatalog>().AddAsync(ApplicationGallery.ScimId, "SCIM app", Ct);
        var jobId = (await Get<ApplicationCatalog>().FindAsync(applicationId, Ct))!.JobId;
        var settings = Get<JobSettingsService>();
        var input = (await settings.LoadAsync(jobId, Ct))!;
        input.Mode = ProvisioningMode.Automatic;
        input.TenantUrl = server.ScimBaseUrl;
        input.AuthKind = TargetAuthKind.OAuthClientCredentials;
        input.AdminUserName = options.ClientId;
        input.NewSecret = options.ClientSecret;
        input.TokenEndpoint = server.TokenEndpoint;
        input.Scopes = "scim";
        input.ClientSecretPlacement = placement;

        var saved = await settings.SaveAsync(jobId, input, Ct);

        Assert.True(saved.Saved, string.Join("; ", saved.Errors.Values));
        await using (var db = CreateContext())
        {
            var target = (await db.ProvisioningJobs.AsNoTracking().SingleAsync(j => j.Id == jobId, Ct)).Target;
            Assert.Equal((TargetAuthKind.OAuthClientCredentials, placement, server.TokenEndpoint, "scim"),
                (target.AuthKind, target.ClientSecretPlacement, target.TokenEndpoint, target.Scopes));
        }

        var reloaded = (await settings.LoadAsync(jobId, Ct))!;
        Assert.Equal((placement, true, null), (reloaded.ClientSecretPlacement, reloaded.SecretIsSet, reloaded.NewSecret));
        var report = await Get<ConnectionTester>().TestAsync(jobId, reloaded, includeConformance: true, Ct);

        Assert.True(report.Succeeded, report.Message);
        Assert.True(report.Checks.Count > 5);
        Assert.All(report.Checks, c => Assert.True(c.Passed, $"{c.Name}: {c.Detail}"));
        Assert.Equal([placement.ToString()], server.Target.ClientSecretPlacements);
    }

    [Fact]
    public async Task TestConnection_SaysTheCredentialsWereRefused_WhenTheClientSecretIsWrong()
    {
        await using var server = await SandboxScimServer.StartAsync("http://127.0.0.1:0", new SandboxScimOptions(), Ct);
        var applicationId = await Get<ApplicationCatalog>().AddAsync(ApplicationGallery.ScimId, "SCIM app", Ct);
        var jobId = (await Get<ApplicationCatalog>().FindAsync(applicationId, Ct))!.JobId;
        var input = (await Get<JobSettingsService>().LoadAsync(jobId, Ct))!;
        input.TenantUrl = server.ScimBaseUrl;
        input.AuthKind = TargetAuthKind.OAuthClientCredentials;
        input.AdminUserName = server.Target.Options.ClientId;
        input.NewSecret = "wrong";
        input.TokenEndpoint = server.TokenEndpoint;
        input.ClientSecretPlacement = OAuthClientSecretPlacement.Body;

        var report = await Get<ConnectionTester>().TestAsync(jobId, input, includeConformance: true, Ct);

        Assert.False(report.Succeeded);
        Assert.Contains("refused the credentials", report.Message, StringComparison.Ordinal);
        Assert.Equal(["Body"], server.Target.ClientSecretPlacements);
        Assert.Empty(server.Target.Requests.Entries);
    }

    [Fact]
    public void Validate_NamesTheTokenEndpoint_WhenOAuthHasNone()
    {
        var errors = JobSettingsValidator.Validate(new JobSettingsInput
        {
            Mode = ProvisioningMode.Automatic, TenantUrl = "https://scim.example.test", AuthKind = TargetAuthKind.OAuthClientCredentials,
            SecretIsSet = true, IntervalMinutes = 40, DeletionThreshold = 500,
        });

        Assert.Equal("Token Endpoint is required for OAuth 2.0 client credentials.", Assert.Single(errors).Value);
    }
}
