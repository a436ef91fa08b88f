namespace Portal.Data.Entities;

/// <summary>An entity that belongs to exactly one tenant; the DbContext scopes every query and write to it.</summary>
public interface ITenantOwned
{
    Guid TenantId { get; set; }
}
