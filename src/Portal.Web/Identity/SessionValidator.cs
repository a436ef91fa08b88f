using Portal.Data.Tenancy;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;

namespace Portal.Web.Identity;

/// <summary>
/// Re-checks a session against the database: the user still exists and is enabled, the tenants are active, the
/// roles are unchanged and the session was not signed out. Used for every cookie and by open circuits.
/// </summary>
public sealed class SessionValidator(TenantDbContexts contexts, SignedOutSessions signedOut)
{
    public async Task<bool> IsValidAsync(ClaimsPrincipal principal, CancellationToken ct)
    {
        if (SignedInUser.From(principal) is not { } session || signedOut.HasEnded(session.SessionId))
        {
            return false;
        }

        await using var db = contexts.For(session.HomeTenantId);
        var user = await db.PortalUsers.AsNoTracking().SingleOrDefaultAsync(u => u.Id == session.UserId, ct);
        if (user is null || user.IsDisabled)
        {
            return false;
        }

        var tenantIds = new[] { session.HomeTenantId, session.TenantId }.Distinct().ToList();
        var active = await db.Tenants.CountAsync(t => tenantIds.Contains(t.Id) && t.IsActive, ct);
        if (active != tenantIds.Count || (session.TenantId != session.HomeTenantId && !session.IsOperator))
        {
            return false;
        }

        var roles = PortalSignIn.EffectiveRoles(session.TokenRoles, user.Roles, session.Method);
        return roles.SetEquals(session.Roles);
    }
}
