namespace Portal.Data.Entities;

/// <summary>
/// A person of a tenant known to the portal: the roles assigned to them here (in addition to app roles in their token),
/// whether they may sign in, and — for an invitation not yet accepted — only the sign-in name.
/// </summary>
public sealed class PortalUser : ITenantOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid TenantId { get; set; }

    /// <summary>The user's object id in the directory (<c>oid</c> claim); null until an invited user first signs in.</summary>
    public string? ObjectId { get; set; }

    /// <summary>The sign-in name (<c>preferred_username</c>), which is how an invitation finds its user.</summary>
    public required string UserPrincipalName { get; set; }

    public string? DisplayName { get; set; }

    /// <summary>Portal role values (<c>Portal.TenantAdmin</c>, …) assigned in the portal.</summary>
    public List<string> Roles { get; set; } = [];

    /// <summary>A disabled user cannot sign in and loses open sessions at the next revalidation.</summary>
    public bool IsDisabled { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? LastSignInAt { get; set; }
}
