using System.Reflection;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Portal.Data;
using Portal.Data.Entities;
using Portal.Data.Tenancy;
using Portal.Web.Audit;
using Portal.Web.Jobs;

namespace Portal.Web.Identity;

/// <summary>What an off-boarding removed, per table.</summary>
public sealed record OffboardingResult(Guid TenantId, IReadOnlyDictionary<string, int> DeletedRows);

/// <summary>
/// Operators off-board a tenant: its recurring jobs leave Hangfire, then every row of every tenant-owned table (found
/// in the EF model, so a new table is covered without touching this class) and the tenant row with its secrets are
/// deleted. The one trace left is an audit entry in the operator's own tenant naming the tenant id and row counts.
/// </summary>
public sealed class TenantOffboarding(TenantDbContexts contexts, AuditLog audit, IServiceProvider services)
{
    private static readonly MethodInfo DeleteOwnedRows =
        typeof(TenantOffboarding).GetMethod(nameof(DeleteRowsAsync), BindingFlags.NonPublic | BindingFlags.Static)!;

    public async Task<OffboardingResult> OffboardAsync(Guid tenantId, SignedInUser operatorUser, CancellationToken ct)
    {
        if (!operatorUser.IsOperator)
        {
            throw new RoleAssignmentException("Only operators can off-board a tenant.");
        }

        if (operatorUser.HomeTenantId == tenantId)
        {
            throw new RoleAssignmentException("You cannot off-board your own tenant: the record of the off-boarding is kept there.");
        }

        await using var db = contexts.ForSystem();
        if (!await db.Tenants.AnyAsync(t => t.Id == tenantId, ct))
        {
            throw new RoleAssignmentException($"Tenant '{tenantId}' does not exist.");
        }

        var jobIds = await db.AcrossAllTenants<ProvisioningJob>().Where(j => j.TenantId == tenantId).Select(j => j.Id).ToListAsync(ct);
        if (services.GetService<IRecurringJobManager>() is { } recurring)
        {
            foreach (var jobId in jobIds)
            {
                recurring.RemoveIfExists(ProvisioningScheduler.RecurringId(jobId));
            }
        }

        var deleted = new Dictionary<string, int>();
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            foreach (var type in DeletionOrder(db.Model))
            {
                var task = (Task<int>)DeleteOwnedRows.MakeGenericMethod(type.ClrType).Invoke(null, [db, tenantId, ct])!;
                deleted[type.GetTableName()!] = await task;
            }

            deleted[db.Model.FindEntityType(typeof(Tenant))!.GetTableName()!] = await db.Tenants.Where(t => t.Id == tenantId).ExecuteDeleteAsync(ct);
            await transaction.CommitAsync(ct);
        }

        await using var home = contexts.For(operatorUser.HomeTenantId);
        audit.Record(home, AuditActor.Of(operatorUser), AuditActivities.OffboardTenant, nameof(Tenant), tenantId.ToString(),
            deleted.Where(d => d.Value > 0).Select(d => AuditChange.Of(d.Key, d.Value, 0)).ToArray());
        await home.SaveChangesAsync(ct);
        return new OffboardingResult(tenantId, deleted);
    }

    /// <summary>The tenant-owned entity types with a table of their own, dependents before the rows they reference.</summary>
    public static IReadOnlyList<IEntityType> DeletionOrder(IModel model)
    {
        var owned = model.GetEntityTypes()
            .Where(t => !t.IsOwned() && t.GetTableName() is not null && typeof(ITenantOwned).IsAssignableFrom(t.ClrType))
            .ToList();
        var order = new List<IEntityType>();
        var visited = new HashSet<IEntityType>();
        void Visit(IEntityType type)
        {
            if (!visited.Add(type))
            {
                return;
            }

            foreach (var dependent in owned.Where(d => d != type && d.GetForeignKeys().Any(fk => fk.PrincipalEntityType == type)))
            {
                Visit(dependent);
            }

            order.Add(type);
        }

        owned.ForEach(Visit);
        return order;
    }

    private static Task<int> DeleteRowsAsync<T>(PortalDbContext db, Guid tenantId, CancellationToken ct) where T : class, ITenantOwned =>
        db.AcrossAllTenants<T>().Where(e => e.TenantId == tenantId).ExecuteDeleteAsync(ct);
}
