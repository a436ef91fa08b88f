namespace Portal.Data.Tenancy;

/// <summary>The tenant the current operation acts for; read once by each <see cref="PortalDbContext"/>.</summary>
public interface ITenantContext
{
    /// <summary>The tenant's id, or null when no tenant is selected (then tenant-owned queries return nothing).</summary>
    Guid? TenantId { get; }
}
