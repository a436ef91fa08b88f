using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Data.Entities;

namespace Portal.Web.Audit;

/// <summary>
/// Records each download of the tenant's data (provisioning logs, provisioned accounts, reconciliation, mappings, the
/// audit log itself): an export carries people's names and accounts out of the portal, so who took what, and with
/// which filter, belongs in the audit log beside the configuration changes. Written before the file streams, so a
/// download cut short still counts.
/// </summary>
public sealed class DownloadAudit(IDbContextFactory<PortalDbContext> dbFactory, AuditLog audit)
{
    /// <summary>Records <paramref name="activity"/> for one job (or the whole tenant when null), with the file's format and
    /// each filter the download applied.</summary>
    public async Task RecordAsync(string activity, Guid? jobId, string format,
        IEnumerable<KeyValuePair<string, string?>> filter, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        AuditChange?[] changes = [AuditChange.Of("Format", null, format), .. filter.Select(f => AuditChange.Of(f.Key, null, f.Value))];
        audit.Record(db, activity, jobId is null ? nameof(Tenant) : nameof(ProvisioningJob), (jobId ?? db.TenantId)?.ToString(), changes);
        await db.SaveChangesAsync(cancellationToken);
    }
}
