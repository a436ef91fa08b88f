using System.Security.Claims;
using Portal.Web.Identity;

namespace Portal.Web.Tests;

/// <summary>Signed-in users as the portal's cookie describes them, for services resolved outside a request.</summary>
internal static class TestPrincipals
{
    /// <summary>A user of <paramref name="tenantId"/> holding <paramref name="role"/>; the audit log names them by <paramref name="displayName"/>.</summary>
    public static ClaimsPrincipal Of(Guid tenantId, string role, string displayName = "Adele Admin", string? objectId = null) =>
        new SignedInUser(Guid.NewGuid(), objectId ?? "oid-" + displayName.Replace(' ', '-').ToLowerInvariant(), displayName,
            "directory-" + tenantId, tenantId, tenantId, new HashSet<string> { role }, new HashSet<string>(), Guid.NewGuid().ToString("N"),
            SignInMethod.Dev).ToPrincipal();
}
