using Microsoft.EntityFrameworkCore;

namespace Portal.Data.Tenancy;

/// <summary>
/// Creates contexts for an explicit tenant, for background work that runs outside a signed-in request (cycles,
/// notifications, retention). Thread-safe; one context per operation.
/// </summary>
public sealed class TenantDbContexts
{
    private readonly DbContextOptions<PortalDbContext> _options;

    public TenantDbContexts(DatabaseSettings settings)
    {
        var builder = new DbContextOptionsBuilder<PortalDbContext>();
        settings.Configure(builder);
        _options = builder.Options;
    }

    public PortalDbContext For(Guid tenantId) => new(_options, TenantContext.For(tenantId));

    /// <summary>A context with no tenant: tenant-owned sets are empty unless read through AcrossAllTenants.</summary>
    public PortalDbContext ForSystem() => new(_options, new TenantContext());
}
