using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Data.Entities;

namespace Portal.Data.Configurations;

internal sealed class PortalUserConfiguration : IEntityTypeConfiguration<PortalUser>
{
    public void Configure(EntityTypeBuilder<PortalUser> builder)
    {
        builder.HasOne<Tenant>().WithMany().HasForeignKey(u => u.TenantId).OnDelete(DeleteBehavior.Cascade);
        // Sign-in looks a user up by object id first, then an invitation by sign-in name, always within one tenant.
        builder.HasIndex(u => new { u.TenantId, u.ObjectId }).IsUnique();
        builder.HasIndex(u => new { u.TenantId, u.UserPrincipalName }).IsUnique();
        builder.Property(u => u.ObjectId).HasMaxLength(64);
        builder.Property(u => u.UserPrincipalName).HasMaxLength(256);
        builder.Property(u => u.DisplayName).HasMaxLength(256);
    }
}
