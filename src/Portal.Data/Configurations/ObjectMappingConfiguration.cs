using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Data.Entities;

namespace Portal.Data.Configurations;

internal sealed class ObjectMappingConfiguration : IEntityTypeConfiguration<ObjectMapping>
{
    public void Configure(EntityTypeBuilder<ObjectMapping> builder)
    {
        builder.HasMany(m => m.AttributeMappings).WithOne().HasForeignKey(a => a.ObjectMappingId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(m => m.ScopingFilters).WithOne().HasForeignKey(f => f.ObjectMappingId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ScopingFilterConfiguration : IEntityTypeConfiguration<ScopingFilter>
{
    public void Configure(EntityTypeBuilder<ScopingFilter> builder) => builder.OwnsMany(f => f.Clauses, c => c.ToJson());
}
