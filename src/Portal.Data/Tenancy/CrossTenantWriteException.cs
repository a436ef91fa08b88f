namespace Portal.Data.Tenancy;

/// <summary>Raised when a context scoped to one tenant is asked to save an entity of another.</summary>
public sealed class CrossTenantWriteException(string entity, Guid entityTenant, Guid? contextTenant)
    : InvalidOperationException(
        $"Refused to save {entity} of tenant {entityTenant} from a context scoped to tenant {contextTenant?.ToString() ?? "(none)"}.");
