using System.Security.Claims;

namespace Portal.Web.Identity;

/// <summary>The signed-in user as the portal's cookie describes them.</summary>
public sealed record SignedInUser(
    Guid UserId,
    string ObjectId,
    string DisplayName,
    string DirectoryId,
    Guid HomeTenantId,
    Guid TenantId,
    IReadOnlySet<string> Roles,
    IReadOnlySet<string> TokenRoles,
    string SessionId,
    SignInMethod Method)
{
    public bool IsOperator => Roles.Contains(PortalRoles.Operator);

    /// <summary>True for operators and tenant admins: the people who change configuration.</summary>
    public bool IsAdmin => IsOperator || Roles.Contains(PortalRoles.TenantAdmin);

    /// <summary>The user of a portal cookie, or null for anonymous users and principals the portal did not issue.</summary>
    public static SignedInUser? From(ClaimsPrincipal? principal)
    {
        if (principal?.Identity?.IsAuthenticated != true
            || !Guid.TryParse(principal.First(PortalClaimTypes.UserId), out var userId)
            || !Guid.TryParse(principal.First(PortalClaimTypes.HomeTenantId), out var home)
            || !Guid.TryParse(principal.First(PortalClaimTypes.TenantId), out var tenant)
            || principal.First(PortalClaimTypes.ObjectId) is not { } oid
            || principal.First(PortalClaimTypes.DirectoryId) is not { } tid
            || principal.First(PortalClaimTypes.SessionId) is not { } sid
            || !Enum.TryParse<SignInMethod>(principal.First(PortalClaimTypes.Method), out var method))
        {
            return null;
        }

        return new SignedInUser(
            userId,
            oid,
            principal.First(PortalClaimTypes.Name) ?? oid,
            tid,
            home,
            tenant,
            principal.FindAll(ClaimTypes.Role).Select(c => c.Value).ToHashSet(StringComparer.Ordinal),
            principal.FindAll(PortalClaimTypes.TokenRole).Select(c => c.Value).ToHashSet(StringComparer.Ordinal),
            sid,
            method);
    }

    public ClaimsPrincipal ToPrincipal()
    {
        List<Claim> claims =
        [
            new(PortalClaimTypes.UserId, UserId.ToString()),
            new(PortalClaimTypes.ObjectId, ObjectId),
            new(PortalClaimTypes.Name, DisplayName),
            new(PortalClaimTypes.DirectoryId, DirectoryId),
            new(PortalClaimTypes.HomeTenantId, HomeTenantId.ToString()),
            new(PortalClaimTypes.TenantId, TenantId.ToString()),
            new(PortalClaimTypes.SessionId, SessionId),
            new(PortalClaimTypes.Method, Method.ToString()),
        ];
        claims.AddRange(Roles.Order(StringComparer.Ordinal).Select(r => new Claim(ClaimTypes.Role, r)));
        claims.AddRange(TokenRoles.Order(StringComparer.Ordinal).Select(r => new Claim(PortalClaimTypes.TokenRole, r)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, "Portal", PortalClaimTypes.Name, ClaimTypes.Role));
    }
}
