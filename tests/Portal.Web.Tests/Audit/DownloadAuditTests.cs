using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Entities;
using Portal.Web.Audit;
using Portal.Web.Features.Applications;
using Portal.Web.Identity;

namespace Portal.Web.Tests.Audit;

/// <summary>
/// Each download of the tenant's data leaves an audit entry naming who took it, from which application, in which format
/// and with which filter; a refused or missing download leaves none.
/// </summary>
public sealed class DownloadAuditTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EachDownload_IsAudited_WithItsApplicationFormatAndFilter()
    {
        await using var app = new PortalApplication();
        var tenant = await app.AddTenantAsync("Contoso");
        var jobId = await AddJobAsync(app, tenant.Id);
        var helpDesk = await app.AddUserAsync(tenant.Id, "henry@contoso.example", PortalRoles.HelpDesk);
        using var henry = await app.CreateClientAsync(helpDesk);
        using var adele = await app.CreateClientAsync(tenant.Id, PortalRoles.TenantAdmin);

        await AssertOkAsync(henry, $"/logs/export/csv?jobId={jobId}&status=Failure&identity=Megan");
        await AssertOkAsync(henry, "/logs/export/json");
        await AssertOkAsync(henry, $"/accounts/{jobId}/csv");
        await AssertOkAsync(henry, $"/mappings/{jobId}/json");
        await AssertOkAsync(adele, "/api/audit/export?activity=Add%20application");
        Assert.Equal(HttpStatusCode.NotFound, (await henry.GetAsync($"/accounts/{Guid.NewGuid()}/csv", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Found, (await henry.GetAsync("/api/audit/export", Ct)).StatusCode); // to the access-denied page

        await using var db = app.CreateContext(tenant.Id);
        var entries = await db.AuditEvents.AsNoTracking().Where(e => e.Activity.StartsWith("Download")).OrderBy(e => e.Id).ToListAsync(Ct);
        Assert.Equal(
            [
                $"{AuditActivities.DownloadProvisioningLogs} by henry@contoso.example of ProvisioningJob {jobId}: Format=csv; status=Failure; identity=Megan",
                $"{AuditActivities.DownloadProvisioningLogs} by henry@contoso.example of Tenant {tenant.Id}: Format=json",
                $"{AuditActivities.DownloadProvisionedAccounts} by henry@contoso.example of ProvisioningJob {jobId}: Format=csv",
                $"{AuditActivities.DownloadMappings} by henry@contoso.example of ProvisioningJob {jobId}: Format=json",
                $"{AuditActivities.DownloadAuditLog} by TenantAdmin of Tenant {tenant.Id}: Format=csv; activity=Add application",
            ],
            entries.Select(Describe));
    }

    private static string Describe(AuditEvent e) =>
        $"{e.Activity} by {(e.ActorName!.StartsWith("TenantAdmin-", StringComparison.Ordinal) ? "TenantAdmin" : e.ActorName)} of {e.TargetType} {e.TargetId}: "
        + string.Join("; ", AuditLog.ReadChanges(e).Select(c => $"{c.Name}={c.NewValue}"));

    private static async Task AssertOkAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url}: {(int)response.StatusCode}");
        await response.Content.ReadAsByteArrayAsync(Ct);
    }

    private static async Task<Guid> AddJobAsync(PortalApplication app, Guid tenantId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().Set(TestPrincipals.Of(tenantId, PortalRoles.TenantAdmin, "Adele Admin"));
        var catalog = scope.ServiceProvider.GetRequiredService<ApplicationCatalog>();
        var applicationId = await catalog.AddAsync(ApplicationGallery.ScimId, "HR", Ct);
        return (await catalog.FindAsync(applicationId, Ct))!.JobId;
    }
}
