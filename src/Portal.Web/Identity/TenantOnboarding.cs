using Portal.Data.Tenancy;
using Microsoft.EntityFrameworkCore;
using Portal.Data.Entities;
using Portal.Web.Audit;

namespace Portal.Web.Identity;

/// <summary>
/// A row of the operators' tenants page, with what an operator of many directories watches: how many of its jobs are On,
/// how many of those are in quarantine, and when the client secret its directory is read with ends.
/// </summary>
public sealed record TenantRow(Guid Id, string DirectoryId, string DisplayName, bool IsActive, DateTimeOffset CreatedAt, int UserCount,
    int JobsOn = 0, int Quarantined = 0, DateTimeOffset? ClientSecretExpiresAt = null);

/// <summary>Operators register directories as tenants and invite each one's first admin.</summary>
public sealed class TenantOnboarding(TenantDbContexts contexts, AuditLog audit, TimeProvider time)
{
    public async Task<IReadOnlyList<TenantRow>> ListAsync(CancellationToken ct)
    {
        await using var db = contexts.ForSystem();
        var users = await db.AcrossAllTenants<PortalUser>().GroupBy(u => u.TenantId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var jobs = await db.AcrossAllTenants<ProvisioningJob>().Where(j => j.Status == ProvisioningStatus.On).GroupBy(j => j.TenantId)
            .Select(g => new { g.Key, On = g.Count(), Quarantined = g.Count(j => j.StatusCode == JobStatusCode.Quarantine) })
            .ToDictionaryAsync(g => g.Key, ct);
        var tenants = await db.Tenants.AsNoTracking().OrderBy(t => t.DisplayName).ToListAsync(ct);
        return tenants.Select(t => new TenantRow(t.Id, t.DirectoryId, t.DisplayName, t.IsActive, t.CreatedAt, users.GetValueOrDefault(t.Id),
            jobs.GetValueOrDefault(t.Id)?.On ?? 0, jobs.GetValueOrDefault(t.Id)?.Quarantined ?? 0, t.Directory.ClientSecretExpiresAt)).ToList();
    }

    /// <summary>Adds a tenant for <paramref name="directoryId"/> and invites <paramref name="firstAdmin"/> as its tenant admin.</summary>
    public async Task<Guid> AddAsync(string directoryId, string displayName, string firstAdmin, CancellationToken ct)
    {
        if (!Guid.TryParse(directoryId.Trim(), out var directory))
        {
            throw new RoleAssignmentException($"Directory id '{directoryId}' is not a GUID; copy the Tenant ID from the directory's overview in Microsoft Entra.");
        }

        var name = displayName.Trim();
        if (name.Length is 0 or > 200)
        {
            throw new RoleAssignmentException("Display name is required (at most 200 characters).");
        }

        var admin = firstAdmin.Trim().ToLowerInvariant();
        if (!admin.Contains('@', StringComparison.Ordinal) || admin.Length > 256)
        {
            throw new RoleAssignmentException($"First admin '{firstAdmin}' is not a sign-in name; enter e.g. admin@contoso.com.");
        }

        var directoryText = directory.ToString();
        await using (var global = contexts.ForSystem())
        {
            if (await global.Tenants.AnyAsync(t => t.DirectoryId == directoryText, ct))
            {
                throw new RoleAssignmentException($"Directory '{directoryText}' is already registered.");
            }
        }

        var tenant = new Tenant { DirectoryId = directoryText, DisplayName = name, CreatedAt = time.GetUtcNow() };
        await using var db = contexts.For(tenant.Id);
        db.Tenants.Add(tenant);
        db.PortalUsers.Add(new PortalUser { UserPrincipalName = admin, Roles = [PortalRoles.TenantAdmin], CreatedAt = tenant.CreatedAt });
        audit.Record(db, AuditActivities.AddTenant, nameof(Tenant), tenant.Id.ToString(),
            AuditChange.Of("DirectoryId", null, directoryText), AuditChange.Of("DisplayName", null, name));
        audit.Record(db, AuditActivities.InviteUser, nameof(PortalUser), admin, AuditChange.Of("Roles", null, PortalRoles.TenantAdmin));
        await db.SaveChangesAsync(ct);
        return tenant.Id;
    }
}
