using Microsoft.EntityFrameworkCore;
using Portal.Data;

namespace Portal.Web.Features.Sandbox;

/// <summary>
/// The signed-in tenant's applications linked to a demo app (GoTo and SCIM), whose next cycle picks up the Sandbox page's
/// changes. Apart from the directory editor: the directory is the host's, these applications are the tenant's.
/// </summary>
public sealed class SandboxLinkedApplications(IDbContextFactory<PortalDbContext> dbFactory)
{
    public async Task<IReadOnlyList<SandboxLinkedApplication>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.ProvisioningJobs.AsNoTracking()
            .Where(j => j.Application!.ServicePrincipalId != null && SandboxDirectoryEditor.DemoApps.Contains(j.Application.ServicePrincipalId))
            .Select(j => new SandboxLinkedApplication(j.ApplicationId, j.Application!.DisplayName, j.Id))
            .ToListAsync(cancellationToken);
        return rows.OrderBy(r => r.DisplayName, StringComparer.CurrentCultureIgnoreCase).ToList();
    }
}
