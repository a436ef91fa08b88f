using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Web.Audit;
using Portal.Web.Features.Provisioning;
using Portal.Web.Identity;
using Portal.Web.Tests.Identity;

namespace Portal.Web.Tests.Jobs;

/// <summary>
/// Restart from the Overview tab: retries and watermark go, the links stay; with "clear the links" (Entra's older "clear
/// current state") they go too, and the audit says which restart the admin chose.
/// </summary>
public sealed class RestartTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Restart_ClearsRetries_AndTheLinksOnlyWhenAsked_AuditingTheChoice(bool clearLinks)
    {
        await using var app = new PortalApplication();
        var alpha = await TenantData.SeedAsync(app, "Alpha");
        var ct = TestContext.Current.CancellationToken;
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().Set(TestPrincipals.Of(alpha.Tenant.Id, PortalRoles.TenantAdmin, "Alpha Admin"));

        var outcome = await scope.ServiceProvider.GetRequiredService<IProvisioningActions>().RestartAsync(alpha.JobId, clearLinks, ct);

        Assert.True(outcome.Succeeded, outcome.Message);
        await using var db = app.CreateContext(alpha.Tenant.Id);
        Assert.False(await db.EscrowEntries.AnyAsync(e => e.JobId == alpha.JobId, ct));
        Assert.Equal(!clearLinks, await db.LinkedObjects.AnyAsync(l => l.Id == alpha.LinkId, ct));
        var audited = await db.AuditEvents.SingleAsync(e => e.Activity == AuditActivities.RestartProvisioning, ct);
        Assert.Equal(clearLinks ? [new AuditChange("Links", null, "cleared")] : [], AuditLog.ReadChanges(audited));
    }
}
