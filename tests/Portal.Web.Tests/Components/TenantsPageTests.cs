using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Entities;
using Portal.Web.Audit;
using Portal.Web.Components.Pages.Tenants;
using Portal.Web.Identity;

namespace Portal.Web.Tests.Components;

/// <summary>
/// The operators' tenants page on a real database: beside each directory, how many of its jobs are On, how many of those
/// are in quarantine, and when the client secret it is read with ends.
/// </summary>
public sealed class TenantsPageTests : UiTestBase
{
    protected override string[] Policies => [PortalPolicies.Operator, PortalPolicies.TenantAdmin, PortalPolicies.HelpDesk];

    public TenantsPageTests()
    {
        Context.Services.AddScoped<AuditLog>();
        Context.Services.AddScoped<TenantOnboarding>();
        Context.Services.AddScoped<TenantOffboarding>();
    }

    [Fact]
    public async Task EachTenant_ShowsItsJobsOnAndInQuarantine_AndWhenItsClientSecretEnds()
    {
        var (_, runningJob) = await AddApplicationAsync();
        var (_, quarantinedJob) = await AddApplicationAsync();
        await AddApplicationAsync();
        var fabrikam = Guid.NewGuid();
        await using (var db = Database.CreateContext(TenantId))
        {
            foreach (var job in db.ProvisioningJobs.Where(j => j.Id == runningJob || j.Id == quarantinedJob))
            {
                (job.Status, job.StatusCode) = (ProvisioningStatus.On, job.Id == quarantinedJob ? JobStatusCode.Quarantine : JobStatusCode.Active);
            }

            db.Tenants.Single(t => t.Id == TenantId).Directory.ClientSecretExpiresAt = DateTimeOffset.UtcNow.AddDays(12.5);
            await db.SaveChangesAsync(Ct);
        }

        await using (var db = Database.CreateContext())
        {
            db.Tenants.Add(new Tenant { Id = fabrikam, DirectoryId = fabrikam.ToString(), DisplayName = "Fabrikam", CreatedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync(Ct);
        }

        var cut = Context.Render<TenantsPage>();

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("tbody tr").Count));
        var contoso = cut.FindAll("tbody tr").Single(r => r.TextContent.Contains("Contoso", StringComparison.Ordinal)).Words();
        Assert.Contains("Yes 2 (1 in quarantine) expires on", contoso, StringComparison.Ordinal);
        Assert.Contains(", in 12 days", contoso, StringComparison.Ordinal);
        var other = cut.FindAll("tbody tr").Single(r => r.TextContent.Contains("Fabrikam", StringComparison.Ordinal)).Words();
        Assert.Contains("Yes 0 —", other, StringComparison.Ordinal);
    }
}
