using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Data.Entities;
using Portal.Data.Secrets;
using Portal.Data.Tenancy;
using Portal.Web.Jobs;

namespace Portal.Web.ChangeNotifications;

/// <summary>One change notification as Graph POSTs it: only who it is for and the state that proves it is Graph's.</summary>
public sealed record ChangeNotification(string? TenantId, string? ClientState);

/// <summary>
/// Turns Graph's change notifications into cycles: each notification carrying a tenant's client state queues an
/// incremental cycle of that tenant's jobs that are On (a cycle already queued or running takes it in), which reads
/// the change through the delta as any cycle does. A notification says only that something changed, never what, so
/// a forged one can at most start a cycle early; one without the right state starts nothing.
/// </summary>
public sealed class ChangeNotificationReceiver(
    TenantDbContexts contexts,
    SecretProtector secrets,
    ProvisioningScheduler scheduler,
    TimeProvider time,
    ILogger<ChangeNotificationReceiver> logger)
{
    /// <summary>Returns how many cycles were queued.</summary>
    public async Task<int> AcceptAsync(IReadOnlyCollection<ChangeNotification> notifications, CancellationToken cancellationToken)
    {
        var queued = 0;
        foreach (var directory in notifications.Where(n => n.TenantId is not null).GroupBy(n => n.TenantId!, StringComparer.OrdinalIgnoreCase))
        {
            await using var db = contexts.ForSystem();
            var tenant = await db.Tenants.AsNoTracking().FirstOrDefaultAsync(t => t.DirectoryId == directory.Key && t.IsActive, cancellationToken);
            if (tenant?.Directory.ClientSecret is not { } secret || !Proven(tenant.DirectoryId, secret, directory))
            {
                logger.LogWarning("Change notifications for directory {DirectoryId} were ignored: no active tenant, or no valid client state", directory.Key);
                continue;
            }

            await NoteArrivalAsync(db, tenant, cancellationToken);
            var jobs = await db.AcrossAllTenants<ProvisioningJob>().AsNoTracking()
                .Where(j => j.TenantId == tenant.Id && j.Status == ProvisioningStatus.On && j.Mode == ProvisioningMode.Automatic)
                .Select(j => j.Id).ToListAsync(cancellationToken);
            queued += jobs.Count(job => scheduler.TriggerNow(tenant.Id, job, CycleTrigger.ChangeNotification));
        }

        return queued;
    }

    // Kept to the minute: a burst of notifications is one write, not one per change.
    private async Task NoteArrivalAsync(PortalDbContext db, Tenant tenant, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (tenant.Directory.LastChangeNotificationAt is { } last && now - last < TimeSpan.FromMinutes(1))
        {
            return;
        }

        var tracked = await db.Tenants.SingleAsync(t => t.Id == tenant.Id, cancellationToken);
        tracked.Directory.LastChangeNotificationAt = now;
        await db.SaveChangesAsync(cancellationToken);
    }

    private bool Proven(string directoryId, ProtectedSecret secret, IEnumerable<ChangeNotification> notifications)
    {
        try
        {
            var expected = ChangeClientState.For(directoryId, secrets.Unprotect(secret));
            return notifications.Any(n => ChangeClientState.Matches(n.ClientState, expected));
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
