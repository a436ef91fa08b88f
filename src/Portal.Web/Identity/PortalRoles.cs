namespace Portal.Web.Identity;

/// <summary>The portal's roles, as app-role values in the token or assignments stored in the portal.</summary>
public static class PortalRoles
{
    /// <summary>All tenants, operator screens, the Hangfire dashboard.</summary>
    public const string Operator = "Portal.Operator";

    /// <summary>Configures their own tenant: applications, credentials, mappings, scope, schedule, role assignments.</summary>
    public const string TenantAdmin = "Portal.TenantAdmin";

    /// <summary>Reads logs and failures of their tenant, retries, provisions on demand; no credential or mapping changes.</summary>
    public const string HelpDesk = "Portal.HelpDesk";

    public static readonly IReadOnlyList<string> All = [Operator, TenantAdmin, HelpDesk];
}

/// <summary>Authorization policy names; every page and endpoint names one of these.</summary>
public static class PortalPolicies
{
    /// <summary>Operators only.</summary>
    public const string Operator = "Operator";

    /// <summary>Tenant admins of the current tenant (and operators).</summary>
    public const string TenantAdmin = "TenantAdmin";

    /// <summary>Help desk, tenant admins and operators: reading logs, failures, retry, on demand.</summary>
    public const string HelpDesk = "HelpDesk";
}
