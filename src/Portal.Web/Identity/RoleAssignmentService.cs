using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Data.Entities;
using Portal.Web.Audit;

namespace Portal.Web.Identity;

/// <summary>A row of the role-assignments page.</summary>
public sealed record RoleAssignmentRow(Guid UserId, string UserPrincipalName, string? DisplayName, IReadOnlyList<string> Roles,
    bool IsDisabled, bool IsInvitation, DateTimeOffset? LastSignInAt);

/// <summary>Raised for a change a person asked for but may not make; the message says which field and why.</summary>
public sealed class RoleAssignmentException(string message) : InvalidOperationException(message);

/// <summary>
/// Tenant admins manage the people of their own tenant: invite, assign and remove roles, disable. Everything goes
/// through the current tenant's filter, so another tenant's user is simply not found.
/// </summary>
public sealed class RoleAssignmentService(IDbContextFactory<PortalDbContext> dbFactory, CurrentUser currentUser, AuditLog audit, TimeProvider time)
{
    public async Task<IReadOnlyList<RoleAssignmentRow>> ListAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var users = await db.PortalUsers.AsNoTracking().OrderBy(u => u.UserPrincipalName).ToListAsync(ct);
        return users.Select(u => new RoleAssignmentRow(u.Id, u.UserPrincipalName, u.DisplayName, u.Roles, u.IsDisabled, u.ObjectId is null, u.LastSignInAt)).ToList();
    }

    /// <summary>Invites a person by sign-in name with one role; the invitation is claimed at their first sign-in.</summary>
    public async Task<Guid> InviteAsync(string userPrincipalName, string role, CancellationToken ct)
    {
        var name = userPrincipalName.Trim().ToLowerInvariant();
        if (name.Length is 0 or > 256 || !name.Contains('@', StringComparison.Ordinal))
        {
            throw new RoleAssignmentException($"Sign-in name '{userPrincipalName}' is not valid; enter the user's sign-in name, e.g. megan@contoso.com.");
        }

        CheckMayAssign(role);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.PortalUsers.AnyAsync(u => u.UserPrincipalName == name, ct))
        {
            throw new RoleAssignmentException($"Sign-in name '{name}' is already listed; change that user's roles instead.");
        }

        var user = new PortalUser { UserPrincipalName = name, Roles = [role], CreatedAt = time.GetUtcNow() };
        db.PortalUsers.Add(user);
        audit.Record(db, AuditActivities.InviteUser, nameof(PortalUser), name, AuditChange.Of("Roles", null, role));
        await db.SaveChangesAsync(ct);
        return user.Id;
    }

    public async Task SetRoleAsync(Guid userId, string role, bool assigned, CancellationToken ct)
    {
        CheckMayAssign(role);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var user = await FindAsync(db, userId, ct);
        if (user.Roles.Contains(role) == assigned)
        {
            return;
        }

        // As with disabling: a tenant admin who unticks their own role would lock themselves out mid-change.
        if (!assigned && role == PortalRoles.TenantAdmin && user.Id == currentUser.User?.UserId)
        {
            throw new RoleAssignmentException("You cannot remove your own tenant admin role; ask another tenant admin.");
        }

        var before = user.Roles.ToList();
        user.Roles = assigned ? [.. before, role] : before.Where(r => r != role).ToList();
        audit.Record(db, assigned ? AuditActivities.AddAppRoleAssignment : AuditActivities.RemoveAppRoleAssignment,
            nameof(PortalUser), user.UserPrincipalName, AuditChange.Of("Roles", before, user.Roles));
        await db.SaveChangesAsync(ct);
    }

    public async Task SetDisabledAsync(Guid userId, bool disabled, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var user = await FindAsync(db, userId, ct);
        if (user.Id == currentUser.User?.UserId && disabled)
        {
            throw new RoleAssignmentException("You cannot disable your own account; ask another tenant admin.");
        }

        // An operator runs the whole deployment: a tenant admin may not lock them out, as they may not assign the role.
        if (user.Roles.Contains(PortalRoles.Operator) && !currentUser.IsInRole(PortalRoles.Operator))
        {
            throw new RoleAssignmentException("Only operators can disable or enable an operator's account.");
        }

        if (user.IsDisabled == disabled)
        {
            return;
        }

        audit.Record(db, disabled ? AuditActivities.DisableAccount : AuditActivities.EnableAccount,
            nameof(PortalUser), user.UserPrincipalName, AuditChange.Of("AccountEnabled", !user.IsDisabled, !disabled));
        user.IsDisabled = disabled;
        await db.SaveChangesAsync(ct);
    }

    private void CheckMayAssign(string role)
    {
        if (!PortalRoles.All.Contains(role))
        {
            throw new RoleAssignmentException($"Role '{role}' is not a portal role; choose one of {string.Join(", ", PortalRoles.All)}.");
        }

        if (role == PortalRoles.Operator && !currentUser.IsInRole(PortalRoles.Operator))
        {
            throw new RoleAssignmentException($"Only operators can assign the role '{PortalRoles.Operator}'.");
        }
    }

    private static async Task<PortalUser> FindAsync(PortalDbContext db, Guid userId, CancellationToken ct) =>
        await db.PortalUsers.SingleOrDefaultAsync(u => u.Id == userId, ct)
        ?? throw new RoleAssignmentException($"User '{userId}' was not found in this tenant.");
}
