using Portal.Data.Tenancy;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Portal.Data.Entities;
using Portal.Web.Audit;

namespace Portal.Web.Identity;

/// <summary>The outcome of a sign-in: the portal's principal, or why the person cannot use the portal.</summary>
public sealed record PortalSignInResult(SignedInUser? User, SignInRefusal? Refusal)
{
    public static PortalSignInResult Refused(SignInRefusal refusal) => new(null, refusal);
}

/// <summary>
/// Turns a validated token (or the dev sign-in's equivalent) into the portal's user: directory → registered tenant,
/// user record (an invitation is claimed by sign-in name), roles from the token and from the portal. Refusals write
/// nothing; a successful sign-in records the user's last sign-in and, for admins, an audit entry.
/// </summary>
public sealed class PortalSignIn(TenantDbContexts contexts, IdentitySettings settings, AuditLog audit, TimeProvider time, ILogger<PortalSignIn> logger)
{
    /// <param name="token">The token's principal: <c>tid</c>, <c>oid</c>, name, <c>preferred_username</c> and role claims.</param>
    /// <param name="method">How the user authenticated.</param>
    /// <param name="roleOverride">Dev sign-in only: act with exactly this role instead of the assigned ones.</param>
    /// <param name="ct">Cancels the lookups and the save.</param>
    public async Task<PortalSignInResult> CompleteAsync(ClaimsPrincipal token, SignInMethod method, string? roleOverride, CancellationToken ct)
    {
        var directoryId = token.First(PortalClaimTypes.DirectoryId, PortalClaimTypes.DirectoryIdUri);
        if (directoryId is null || !Guid.TryParse(directoryId, out _))
        {
            return PortalSignInResult.Refused(SignInRefusal.MissingTenant);
        }

        var objectId = token.First(PortalClaimTypes.ObjectId, PortalClaimTypes.ObjectIdUri);
        if (objectId is null)
        {
            return PortalSignInResult.Refused(SignInRefusal.MissingObjectId);
        }

        var signInName = token.First(PortalClaimTypes.PreferredUserName, ClaimTypes.Upn, "upn", ClaimTypes.Email, "email")?.ToLowerInvariant();
        var displayName = token.First(PortalClaimTypes.Name, ClaimTypes.Name) ?? signInName ?? objectId;
        var tokenRoles = TokenRoles(token, directoryId, method, roleOverride);

        Tenant? tenant;
        await using (var global = contexts.ForSystem())
        {
            tenant = await global.Tenants.AsNoTracking().SingleOrDefaultAsync(t => t.DirectoryId == directoryId, ct);
        }

        var registering = false;
        if (tenant is null)
        {
            if (!settings.AllowDirectorySelfRegistration)
            {
                return PortalSignInResult.Refused(SignInRefusal.UnregisteredDirectory);
            }

            // Registering makes the user the directory's tenant admin: only someone who already administers the
            // directory's applications may, not whichever employee signs in first.
            if (!tokenRoles.Contains(PortalRoles.TenantAdmin) && !DirectoryAdminRoles.IsAdministrator(token))
            {
                logger.LogInformation("Registration refused: user {ObjectId} of directory {DirectoryId} is not a directory administrator", objectId, directoryId);
                return PortalSignInResult.Refused(SignInRefusal.NotDirectoryAdmin);
            }

            tenant = new Tenant { DirectoryId = directoryId, DisplayName = $"Directory {directoryId}", CreatedAt = time.GetUtcNow() };
            registering = true;
        }
        else if (!tenant.IsActive)
        {
            return PortalSignInResult.Refused(SignInRefusal.TenantInactive);
        }

        await using var db = contexts.For(tenant.Id);
        var user = registering ? null : await FindUserAsync(db, objectId, signInName, ct);
        if (user?.IsDisabled == true)
        {
            return PortalSignInResult.Refused(SignInRefusal.UserDisabled);
        }

        // The administrator who registers a directory becomes its tenant admin; nobody else gains a role here.
        var storedRoles = registering ? [PortalRoles.TenantAdmin] : user?.Roles ?? [];
        var roles = EffectiveRoles(tokenRoles, storedRoles, method);
        if (roles.Count == 0)
        {
            logger.LogInformation("Sign-in refused: user {ObjectId} of directory {DirectoryId} has no portal role", objectId, directoryId);
            return PortalSignInResult.Refused(SignInRefusal.NoPortalRole);
        }

        var actor = new AuditActor(objectId, displayName);
        if (registering)
        {
            db.Tenants.Add(tenant);
            audit.Record(db, actor, AuditActivities.AddTenant, nameof(Tenant), tenant.Id.ToString(),
                AuditChange.Of("DirectoryId", null, directoryId), AuditChange.Of("DisplayName", null, tenant.DisplayName));
        }

        if (user is null)
        {
            user = new PortalUser { UserPrincipalName = signInName ?? objectId, CreatedAt = time.GetUtcNow(), Roles = [.. storedRoles] };
            db.PortalUsers.Add(user);
        }

        user.ObjectId = objectId;
        user.DisplayName = displayName;
        user.LastSignInAt = time.GetUtcNow();
        if (roles.Contains(PortalRoles.TenantAdmin) || roles.Contains(PortalRoles.Operator))
        {
            audit.Record(db, actor, AuditActivities.AdminSignIn, nameof(PortalUser), user.Id.ToString());
        }

        await db.SaveChangesAsync(ct);
        return new PortalSignInResult(
            new SignedInUser(user.Id, objectId, displayName, directoryId, tenant.Id, tenant.Id, roles, tokenRoles,
                Guid.NewGuid().ToString("N"), method),
            null);
    }

    /// <summary>The roles a session has: the dev sign-in's chosen role alone, else token roles plus portal assignments.</summary>
    public static IReadOnlySet<string> EffectiveRoles(IReadOnlySet<string> tokenRoles, IEnumerable<string> storedRoles, SignInMethod method) =>
        method == SignInMethod.Dev && tokenRoles.Count > 0
            ? tokenRoles
            : tokenRoles.Union(storedRoles.Where(PortalRoles.All.Contains)).ToHashSet(StringComparer.Ordinal);

    private IReadOnlySet<string> TokenRoles(ClaimsPrincipal token, string directoryId, SignInMethod method, string? roleOverride)
    {
        if (method == SignInMethod.Dev)
        {
            return roleOverride is not null && PortalRoles.All.Contains(roleOverride) ? new HashSet<string> { roleOverride } : new HashSet<string>();
        }

        // Unknown role values are ignored: they grant nothing and are no reason to fail.
        var roles = token.FindAll(ClaimTypes.Role).Concat(token.FindAll(PortalClaimTypes.Roles))
            .Select(c => c.Value)
            .Where(PortalRoles.All.Contains)
            .ToHashSet(StringComparer.Ordinal);
        if (!string.Equals(directoryId, settings.OperatorDirectoryId, StringComparison.OrdinalIgnoreCase))
        {
            roles.Remove(PortalRoles.Operator);
        }

        return roles;
    }

    private static async Task<PortalUser?> FindUserAsync(Portal.Data.PortalDbContext db, string objectId, string? signInName, CancellationToken ct) =>
        await db.PortalUsers.SingleOrDefaultAsync(u => u.ObjectId == objectId, ct)
        ?? (signInName is null ? null : await db.PortalUsers.SingleOrDefaultAsync(u => u.ObjectId == null && u.UserPrincipalName == signInName, ct));
}
