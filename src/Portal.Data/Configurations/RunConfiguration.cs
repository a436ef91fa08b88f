using Microsoft.EntityFrameworkCore;
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
        builder.Property(l => l.SourceId).HasMaxLength(256);
        builder.Property(l => l.TargetId).HasMaxLength(256);
    }
}

internal sealed class CycleConfiguration : IEntityTypeConfiguration<Cycle>
{
    public void Configure(EntityTypeBuilder<Cycle> builder)
    {
        builder.HasIndex(c => new { c.JobId, c.StartedAt });
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
        builder.HasIndex(e => e.SourceId);
        builder.Property(e => e.SourceId).HasMaxLength(256);
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
