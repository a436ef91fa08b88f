namespace Portal.Data.Entities;

/// <summary>An enterprise application of a tenant, added from a gallery template (GoTo Meeting, generic SCIM 2.0).</summary>
public sealed class Application : ITenantOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid TenantId { get; set; }
    public required string DisplayName { get; set; }

    /// <summary>The gallery template the app was created from, e.g. <c>goto-meeting</c> or <c>scim</c>.</summary>
    public required string TemplateId { get; set; }

    /// <summary>The app's service principal in the directory: its app roles and assignments decide who is in scope.</summary>
    public string? ServicePrincipalId { get; set; }

    /// <summary>Role values that must be assigned for a user to provision; empty means any valid role (not Default Access).</summary>
    public List<string> RequiredRoleValues { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }
    public ProvisioningJob? ProvisioningJob { get; set; }
}
