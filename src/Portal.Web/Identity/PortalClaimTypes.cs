using System.Security.Claims;

namespace Portal.Web.Identity;

/// <summary>Claim types of the token (short and mapped forms) and of the portal's own sign-in cookie.</summary>
public static class PortalClaimTypes
{
    public const string DirectoryId = "tid";
    public const string DirectoryIdUri = "http://schemas.microsoft.com/identity/claims/tenantid";
    public const string ObjectId = "oid";
    public const string ObjectIdUri = "http://schemas.microsoft.com/identity/claims/objectidentifier";
    public const string Name = "name";
    public const string PreferredUserName = "preferred_username";
    public const string Roles = "roles";

    /// <summary>The user's directory roles as role template ids (Entra emits it when the app asks for directory roles).</summary>
    public const string DirectoryRoles = "wids";

    /// <summary>The portal tenant (<c>Tenant.Id</c>) the user acts for; operators can switch it.</summary>
    public const string TenantId = "portal_tenant";

    /// <summary>The portal tenant of the user's own directory.</summary>
    public const string HomeTenantId = "portal_home_tenant";

    /// <summary>The <c>PortalUser.Id</c>.</summary>
    public const string UserId = "portal_user";

    /// <summary>Portal roles that came from the token (or the dev sign-in), kept to recompute roles at revalidation.</summary>
    public const string TokenRole = "portal_token_role";

    /// <summary>One id per sign-in, so sign-out can end that session everywhere.</summary>
    public const string SessionId = "portal_sid";

    /// <summary>How the session started: <see cref="SignInMethod"/>.</summary>
    public const string Method = "portal_method";

    /// <summary>The first value of any of <paramref name="types"/>, trimmed; null when none is present or all are blank.</summary>
    public static string? First(this ClaimsPrincipal principal, params string[] types) =>
        types.Select(t => principal.FindFirst(t)?.Value?.Trim()).FirstOrDefault(v => !string.IsNullOrEmpty(v));
}
