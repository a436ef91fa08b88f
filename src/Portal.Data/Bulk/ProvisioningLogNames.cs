using Microsoft.EntityFrameworkCore;
using Portal.Data.Entities;

namespace Portal.Data.Bulk;

/// <summary>
/// Adds the display names of log rows being written to PostgreSQL's dictionary of log names
/// (<see cref="ProvisioningLogName"/>): collected while the rows stream to the database, then one statement for the
/// batch that inserts the names the tenant does not have yet, inside the rows' transaction, so a committed row's names
/// are always there. A name already there costs an index probe; the rows' own writes are untouched (a trigger with the
/// inserted rows as a table cost COPY a fifth more).
/// </summary>
internal sealed class ProvisioningLogNames
{
    private readonly HashSet<(Guid Tenant, string Name)> _names = [];

    /// <summary>Notes the row's names and passes it on: for a stream of rows on its way to the database.</summary>
    public ProvisioningLogEntry Collect(ProvisioningLogEntry row)
    {
        Add(row.TenantId, row.SourceDisplayName);
        Add(row.TenantId, row.TargetDisplayName);
        return row;
    }

    public async Task WriteAsync(PortalDbContext db, CancellationToken cancellationToken)
    {
        if (_names.Count > 0)
        {
            await db.Database.ExecuteSqlAsync(Statement(), cancellationToken);
        }
    }

    public void Write(PortalDbContext db)
    {
        if (_names.Count > 0)
        {
            db.Database.ExecuteSql(Statement());
        }
    }

    private void Add(Guid tenant, string? name)
    {
        if (name is not null)
        {
            _names.Add((tenant, name));
        }
    }

    // Folded and hashed by the database, as the rename trigger of the migration ProvisioningLogNames does.
    private FormattableString Statement()
    {
        Guid[] tenants = [.. _names.Select(n => n.Tenant)];
        string[] names = [.. _names.Select(n => n.Name)];
        return $"""
            INSERT INTO "ProvisioningLogNames" ("TenantId", "LowerName", "NameHash")
            SELECT s.tenant, s.name, s.hash
            FROM (SELECT DISTINCT tenant, lower(name) AS name, sha256(convert_to(lower(name), 'UTF8')) AS hash
                  FROM unnest({tenants}, {names}) AS u(tenant, name)) s
            WHERE NOT EXISTS (SELECT 1 FROM "ProvisioningLogNames" n WHERE n."TenantId" = s.tenant AND n."NameHash" = s.hash)
            """;
    }
}
