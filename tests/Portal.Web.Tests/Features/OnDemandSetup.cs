using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Entities;
using Portal.Data.Secrets;
using Portal.Sandbox.Graph;
using Portal.Sandbox.Scim;

namespace Portal.Web.Tests.Features;

/// <summary>The directory and the job the provision-on-demand tests run against, over the real wire.</summary>
internal static class OnDemandSetup
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A group "Pilot" of seven users, assigned to the sandbox SCIM app with a role that provisions.</summary>
    public static SandboxGraphDirectory PilotDirectory(out string groupId, out List<string> members)
    {
        var directory = new SandboxGraphDirectory(SandboxDemoIds.TenantId);
        directory.RegisterClient(SandboxDemoIds.ReaderClient);
        directory.AddServicePrincipal(SandboxDemoIds.ScimApp);
        var group = directory.AddGroup(new Dictionary<string, object?> { ["displayName"] = "Pilot", ["mailNickname"] = "pilot" });
        members = Enumerable.Range(1, 7).Select(i => directory.AddUser(new Dictionary<string, object?>
        {
            ["displayName"] = $"Pilot User {i}", ["userPrincipalName"] = $"pilot{i}@contoso.example", ["mailNickname"] = $"pilot{i}",
            ["accountEnabled"] = true,
        })).ToList();
        members.ForEach(m => directory.AddMember(group, m));
        directory.Assign(SandboxDemoIds.ScimServicePrincipalId, group, SandboxDemoIds.ScimUserRoleId);
        groupId = group;
        return directory;
    }

    /// <summary>The tenant's directory connection to <paramref name="graph"/> and a SCIM app, set up, into <paramref name="scim"/>.</summary>
    public static async Task<(Guid ApplicationId, Guid JobId)> SeedJobAsync(PortalApplication app, Guid tenantId, SandboxGraphServer graph, SandboxScimServer scim)
    {
        var protector = app.Services.GetRequiredService<SecretProtector>();
        await using var db = app.CreateContext(tenantId);
        var tenant = await db.Tenants.SingleAsync(t => t.Id == tenantId, Ct);
        tenant.Directory.ClientId = SandboxDemoIds.ClientId;
        tenant.Directory.ClientSecret = protector.Protect(SandboxDemoIds.ClientSecret);
        tenant.Directory.GraphBaseUrl = graph.BaseUrl;
        tenant.Directory.TokenEndpoint = graph.TokenEndpoint;
        var job = new ProvisioningJob
        {
            Mode = ProvisioningMode.Automatic,
            Target = { BaseUrl = scim.ScimBaseUrl, Secret = protector.Protect(SandboxScimOptions.DemoToken) },
        };
        var application = new Application
        {
            DisplayName = "SCIM app", TemplateId = "scim", ServicePrincipalId = SandboxDemoIds.ScimServicePrincipalId, ProvisioningJob = job,
            CreatedAt = DateTimeOffset.UtcNow,
        };
        db.Applications.Add(application);
        await db.SaveChangesAsync(Ct);
        return (application.Id, job.Id);
    }
}
