using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Data.Entities;

namespace Portal.Data.Configurations;

internal sealed class TenantConfiguration : IEntityTypeConfiguration<Tenant>
{
    public void Configure(EntityTypeBuilder<Tenant> builder)
    {
        builder.HasIndex(t => t.DirectoryId).IsUnique();
        builder.Property(t => t.DirectoryId).HasMaxLength(64);
        builder.OwnsOne(t => t.Directory, d => d.Property(c => c.ChangeSubscriptionProblem).HasMaxLength(1000));
    }
}

internal sealed class MailSettingsConfiguration : IEntityTypeConfiguration<MailSettings>
{
    public void Configure(EntityTypeBuilder<MailSettings> builder) => builder.Property(m => m.Id).ValueGeneratedNever();
}
