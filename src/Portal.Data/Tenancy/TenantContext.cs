namespace Portal.Data.Tenancy;

/// <summary>A settable tenant context: the web layer fills it from the signed-in user, jobs from the job's tenant.</summary>
public sealed class TenantContext : ITenantContext
{
    public Guid? TenantId { get; set; }

    public static TenantContext For(Guid tenantId) => new() { TenantId = tenantId };
}
