using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Data.Entities;

namespace Portal.Integration.Tests.Cycles;

/// <summary>OAuth client credentials stored with the job reach the sandbox's token endpoint the way the job says.</summary>
public sealed class OAuthTargetCycleTests
{
    [Theory]
    [InlineData(OAuthClientSecretPlacement.Header)]
    [InlineData(OAuthClientSecretPlacement.Body)]
    [InlineData(OAuthClientSecretPlacement.Both)]
    public async Task Cycle_SendsTheClientSecretAsStored_ForEachPlacement(OAuthClientSecretPlacement placement)
    {
        await using var sandbox = await EngineSandbox.StartAsync(DatabaseProvider.Sqlite);
        var ann = sandbox.AddUser("ann");
        sandbox.Directory.Assign(EngineSandbox.Sp, ann, EngineSandbox.UserRole);
        var file = sandbox.JobFile();
        var options = sandbox.Scim.Target.Options;
        await sandbox.ConfigureAsync(file with
        {
            Target = file.Target with
            {
                Auth = TargetAuthKind.OAuthClientCredentials, UserName = options.ClientId, Secret = options.ClientSecret,
                TokenEndpoint = sandbox.Scim.TokenEndpoint, Scopes = "scim", ClientSecretPlacement = placement,
            },
        });
        await using (var db = sandbox.Database.CreateContext(sandbox.TenantId))
        {
            var stored = await db.ProvisioningJobs.AsNoTracking().SingleAsync(j => j.Id == sandbox.JobId, TestContext.Current.CancellationToken);
            Assert.Equal(placement, stored.Target.ClientSecretPlacement);
        }

        var cycle = await sandbox.RunAsync();

        Assert.Equal(1, cycle.Created);
        Assert.Equal(["ann@contoso.example"], sandbox.TargetUsers().Keys);
        Assert.Equal(placement.ToString(), Assert.Single(sandbox.Scim.Target.ClientSecretPlacements));
        Assert.All(sandbox.Scim.Target.Requests.Entries, r => Assert.Equal("Bearer", r.Auth));
    }
}
