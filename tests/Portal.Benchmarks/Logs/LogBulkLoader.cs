using Microsoft.EntityFrameworkCore;
using Portal.Benchmarks.Sync;
using Portal.Data.Entities;

namespace Portal.Benchmarks.Logs;

/// <summary>
/// Fills the provisioning-log table of a migrated database through the portal's own bulk log writer (the one cycles
/// write with), one tenant at a time as the writer's tenant guard requires, in one transaction per tenant.
/// </summary>
internal static class LogBulkLoader
{
    public static async Task LoadAsync(BenchmarkDatabase database, IReadOnlyList<Guid> tenants, Func<IEnumerable<ProvisioningLogEntry>> rows,
        CancellationToken cancellationToken)
    {
        foreach (var tenant in tenants)
        {
            await using var db = database.CreateContext(tenant);
            await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
            {
                await db.AppendProvisioningLogsAsync(rows().Where(r => r.TenantId == tenant), cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }

            if (db.Database.IsNpgsql())
            {
                await db.Database.ExecuteSqlRawAsync("""VACUUM ANALYZE "ProvisioningLogs" """, cancellationToken);
            }
            else if (db.Database.IsSqlite())
            {
                await db.Database.ExecuteSqlRawAsync("ANALYZE", cancellationToken);
            }
        }
    }
}
