using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Data.Entities;

namespace Portal.Web.Features.Logs;

/// <summary>One whole provisioning-log entry (steps, modified properties, errors) for the details drawer, within the tenant.</summary>
public sealed class LogEntryQuery(IDbContextFactory<PortalDbContext> dbFactory, LogQueryMetrics metrics)
{
    public async Task<ProvisioningLogEntry?> FindAsync(long id, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var entry = await db.ProvisioningLogs.AsNoTracking().FirstOrDefaultAsync(e => e.Id == id, cancellationToken);
        metrics.Completed("entry", started);
        return entry;
    }
}
