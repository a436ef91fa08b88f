using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Data.Entities;

namespace Portal.Web.Features.Logs;

/// <summary>One whole provisioning-log entry (steps, modified properties, errors) for the details drawer, within the tenant.</summary>
public sealed class LogEntryQuery(IDbContextFactory<PortalDbContext> dbFactory, LogQueryMetrics metrics)
{
    public async Task<ProvisioningLogEntry?> FindAsync(long id, CancellationToken cancellationToken = default)
    {
        using var timing = metrics.Time("entry");
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.ProvisioningLogs.AsNoTracking().FirstOrDefaultAsync(e => e.Id == id, cancellationToken);
    }
}
