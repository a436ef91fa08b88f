using System.Security.Claims;

namespace Portal.Web.Identity;

/// <summary>
/// The Entra directory roles (built-in role template ids, the same in every directory) whose holders may consent to and
/// manage enterprise applications, and therefore may register their directory with the portal.
/// </summary>
public static class DirectoryAdminRoles
{
    public const string GlobalAdministrator = "62e90394-69f5-4237-9190-012177145e10";
    public const string ApplicationAdministrator = "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3";
    public const string CloudApplicationAdministrator = "158c047a-c907-4556-b7ef-446551a6b5f7";

    private static readonly HashSet<string> Administrators = new(StringComparer.OrdinalIgnoreCase)
    {
        GlobalAdministrator, ApplicationAdministrator, CloudApplicationAdministrator,
    };

    public static bool IsAdministrator(ClaimsPrincipal token) =>
        token.FindAll(PortalClaimTypes.DirectoryRoles).Any(c => Administrators.Contains(c.Value.Trim()));
}
