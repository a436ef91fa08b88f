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

    /// <summary>The name people read on screen; the app-role value stays what Entra and the token carry.</summary>
    public static string DisplayName(string role) => role switch
    {
        Operator => "Operator",
        TenantAdmin => "Tenant admin",
        HelpDesk => "Help desk",
        _ => role,
    };

    /// <summary>What the role may do, in a sentence, for the page where roles are handed out.</summary>
    public static string Summary(string role) => role switch
    {
        Operator => "runs the deployment: every tenant, mail settings, background jobs",
        TenantAdmin => "connects applications, enters their credentials, edits mappings and scope, assigns roles",
        HelpDesk => "reads provisioning logs and failures, retries them, provisions on demand; changes no setting",
        _ => "",
    };
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
