using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Data.Entities;

namespace Portal.Data.Configurations;

internal sealed class ProvisioningJobConfiguration : IEntityTypeConfiguration<ProvisioningJob>
{
    public void Configure(EntityTypeBuilder<ProvisioningJob> builder)
    {
        builder.HasIndex(j => new { j.TenantId, j.Status });
        builder.Property(j => j.ConcurrencyStamp).IsConcurrencyToken();
        builder.OwnsOne(j => j.Target);
        builder.OwnsOne(j => j.Watermark, w =>
        {
            w.Property(m => m.EntitlementDigest).HasMaxLength(64);
            w.Property(m => m.MappingDigest).HasMaxLength(64);
        });
        builder.OwnsOne(j => j.Quarantine);
        builder.OwnsMany(j => j.Released, r => r.ToJson());
        builder.HasMany(j => j.ObjectMappings).WithOne().HasForeignKey(m => m.JobId).OnDelete(DeleteBehavior.Cascade);
    }
}
