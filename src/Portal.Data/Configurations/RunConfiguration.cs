using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Data.Entities;

namespace Portal.Data.Configurations;

internal sealed class LinkedObjectConfiguration : IEntityTypeConfiguration<LinkedObject>
{
    public void Configure(EntityTypeBuilder<LinkedObject> builder)
    {
        // One link per source object and job: the guard against duplicate creates after a crash.
        builder.HasIndex(l => new { l.JobId, l.Kind, l.SourceId }).IsUnique();
        builder.HasIndex(l => new { l.JobId, l.TargetId });
        builder.Property(l => l.SourceId).HasMaxLength(LinkedObject.MaxIdLength);
        builder.Property(l => l.TargetId).HasMaxLength(LinkedObject.MaxIdLength);
    }
}

internal sealed class CycleConfiguration : IEntityTypeConfiguration<Cycle>
{
    public void Configure(EntityTypeBuilder<Cycle> builder)
    {
        builder.HasIndex(c => new { c.JobId, c.StartedAt });
        builder.Property(c => c.StartedBy).HasMaxLength(32);
    }
}

internal sealed class ProvisioningLogEntryConfiguration : IEntityTypeConfiguration<ProvisioningLogEntry>
{
    public void Configure(EntityTypeBuilder<ProvisioningLogEntry> builder)
    {
        builder.ToTable("ProvisioningLogs");
        // The log page filters by tenant and date first, then narrows by job, status, action or identity.
        builder.HasIndex(e => new { e.TenantId, e.ActivityDateTime });
        builder.HasIndex(e => new { e.JobId, e.ActivityDateTime });
        builder.HasIndex(e => new { e.TenantId, e.Status, e.ActivityDateTime });
        // Action and job filters (with the tenant's filter always there) count and page from the index alone.
        builder.HasIndex(e => new { e.TenantId, e.Action, e.ActivityDateTime });
        builder.HasIndex(e => new { e.TenantId, e.JobId, e.Status, e.ActivityDateTime });
        builder.HasIndex(e => e.CycleId);
        // An object's entries by id: the identity search's exact id look-up, and the failures inbox's "is there a later
        // entry of this object in this job" answered from the index alone.
        builder.HasIndex(e => new { e.SourceId, e.JobId, e.Id });
        builder.Property(e => e.SourceId).HasMaxLength(256);
    }

    /// <summary>
    /// The failures inbox and the overview's count read the open failures alone (a small part of the log, however long it
    /// grows) from a partial index, and ask the one on (source id, job, id) whether a later entry supersedes each. Status
    /// and review are keys too, though constant in it: SQLite's planner (without statistics) takes the index that matches
    /// the most equalities, and the tenant's status index would otherwise win and read every failure's row. The filter
    /// is SQL, quoted as each provider quotes.
    /// </summary>
    public static void ConfigureOpenFailures(ModelBuilder modelBuilder, DatabaseFacade database)
    {
        var filter = database.IsSqlServer() ? "[Status] = N'Failure' AND [ReviewedAt] IS NULL" : "\"Status\" = 'Failure' AND \"ReviewedAt\" IS NULL";
        modelBuilder.Entity<ProvisioningLogEntry>()
            .HasIndex(e => new { e.TenantId, e.Status, e.ReviewedAt, e.SourceId, e.JobId, e.Id }, "IX_ProvisioningLogs_OpenFailures").HasFilter(filter);
    }

    /// <summary>
    /// The indexes behind sorting by name and the identity search. Not on SQL Server: its names and target ids are
    /// nvarchar(max), which cannot be index keys, so there the name sort and the search scan (correct, slower).
    /// SQLite's substring search is an FTS5 trigram table, created in SQL by the SQLite migration
    /// ProvisioningLogSearchIndexes (EF models no virtual tables), filled by the log rows' writers
    /// (<see cref="Bulk.ProvisioningLogSearch"/>) and kept in step with deletes and renames by triggers. PostgreSQL's
    /// is pg_trgm, with a dictionary of the log's names for terms too short for trigrams (<see cref="ProvisioningLogName"/>).
    /// </summary>
    public static void ConfigureSearch(ModelBuilder modelBuilder, DatabaseFacade database)
    {
        if (database.IsSqlServer())
        {
            return;
        }

        var builder = modelBuilder.Entity<ProvisioningLogEntry>();
        // Sorted by name within the tenant (or one job), with the id as the tie-break: the first page reads 25
        // index entries, and a later page can continue from the last (name, id) it showed.
        if (database.IsSqlite())
        {
            // With the target name as well, the index holds both names: a term too short for trigrams scans the index,
            // a fraction of the rows' size (see the Logs page's identity search).
            builder.HasIndex(e => new { e.TenantId, e.SourceDisplayName, e.Id, e.TargetDisplayName });
        }
        else
        {
            builder.HasIndex(e => new { e.TenantId, e.SourceDisplayName, e.Id });
        }

        builder.HasIndex(e => new { e.JobId, e.SourceDisplayName, e.Id });
        // The search also matches a target id exactly; with this index a rare id is a lookup, not a scan.
        builder.HasIndex(e => e.TargetId);
        if (database.IsNpgsql())
        {
            // Trigram GIN indexes serve ILIKE '%term%' on the names for terms of three characters or more.
            modelBuilder.HasPostgresExtension("pg_trgm");
            builder.HasIndex(e => e.SourceDisplayName, "IX_ProvisioningLogs_SourceDisplayName_Trigram").HasMethod("gin").HasOperators("gin_trgm_ops");
            builder.HasIndex(e => e.TargetDisplayName, "IX_ProvisioningLogs_TargetDisplayName_Trigram").HasMethod("gin").HasOperators("gin_trgm_ops");
            // A term under three characters is first looked up among the tenant's distinct names (see the Logs page's
            // identity search); the migration ProvisioningLogNames adds the trigger that follows renames.
            modelBuilder.Entity<ProvisioningLogName>(names =>
            {
                names.ToTable("ProvisioningLogNames");
                // The name is not included in the index: an index entry cannot hold a name of any length.
                names.HasIndex(n => new { n.TenantId, n.NameHash });
            });
        }
    }
}

internal sealed class EscrowEntryConfiguration : IEntityTypeConfiguration<EscrowEntry>
{
    public void Configure(EntityTypeBuilder<EscrowEntry> builder)
    {
        builder.HasIndex(e => new { e.JobId, e.Kind, e.SourceId }).IsUnique();
        builder.HasIndex(e => new { e.JobId, e.NextAttemptAt });
        builder.Property(e => e.SourceId).HasMaxLength(256);
    }
}

internal sealed class AuditEventConfiguration : IEntityTypeConfiguration<AuditEvent>
{
    public void Configure(EntityTypeBuilder<AuditEvent> builder)
    {
        builder.HasIndex(e => new { e.TenantId, e.OccurredAt });
    }
}

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> builder)
    {
        builder.HasIndex(n => new { n.TenantId, n.ReadAt, n.CreatedAt });
        // Throttling looks up the last email of a job and kind.
        builder.HasIndex(n => new { n.JobId, n.Kind, n.EmailStatus });
    }
}
