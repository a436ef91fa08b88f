using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Data.Tenancy;

namespace Portal.Web.Identity;

/// <summary>
/// Contexts for a tenant named explicitly rather than the scope's tenant: sign-in (the tenant is only being resolved),
/// revalidation, and operator screens that act on another tenant. Every use is a deliberate cross-tenant step.
/// </summary>
public sealed class TenantDbContexts(DbContextOptions<PortalDbContext> options)
{
    public PortalDbContext ForTenant(Guid tenantId) => new(options, TenantContext.For(tenantId));

    /// <summary>A context with no tenant: only the <c>Tenants</c> table and <c>AcrossAllTenants</c> return rows.</summary>
    public PortalDbContext WithoutTenant() => new(options, new TenantContext());
}
