using Microsoft.EntityFrameworkCore;
using Portal.Data.Entities;
using Portal.Data.Secrets;
using Portal.Data.Tenancy;
using Portal.Provisioning.Source;
using Portal.Provisioning.Targets;

namespace Portal.Web.Notifications;

/// <summary>
/// Recurring check: reads, for every tenant with a directory connection, when the client secret the portal signs in with
/// ends (from its app registration), keeps it for the Directory connection page and the overview, and warns the tenant
/// 30, 14, 7 and 1 days before and on the day it ends: once each, to every job's notification email and the help desk.
/// A secret that ends silently stops every job of the directory at once; Entra's own service has no such warning for the
/// apps it reads with.
/// </summary>
public sealed class ClientSecretExpiryCheck(
    TenantDbContexts contexts,
    SecretProtector secrets,
    NotificationCenter center,
    TimeProvider clock,
    ILogger<ClientSecretExpiryCheck> logger,
    IDirectorySourceFactory? directories = null)
{
    public const string RecurringId = "notifications:client-secret-expiry";

    private static readonly EndWarnings Warnings = new(ClientSecretStatus.WarningDays, 14, 7, 1, 0);

    /// <summary>Checks every tenant; returns how many were warned.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        List<Guid> tenantIds;
        await using (var db = contexts.ForSystem())
        {
            tenantIds = await db.Tenants.AsNoTracking()
                .Where(t => t.Directory.ClientId != null && t.Directory.ClientSecret != null)
                .Select(t => t.Id).ToListAsync(cancellationToken);
        }

        var warned = 0;
        foreach (var tenantId in tenantIds)
        {
            warned += await CheckAsync(tenantId, cancellationToken) ? 1 : 0;
        }

        return warned;
    }

    /// <summary>One tenant: read, keep, warn when a warning is due. True when it warned.</summary>
    public async Task<bool> CheckAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        await using var db = contexts.For(tenantId);
        var tenant = await db.Tenants.SingleOrDefaultAsync(t => t.Id == tenantId, cancellationToken);
        if (directories is null || tenant?.Directory is not { ClientId: not null, ClientSecret: { } secret } directory)
        {
            return false;
        }

        var now = clock.GetUtcNow();
        var read = await ReadAsync(tenant, secret, cancellationToken);
        if (read is not null)
        {
            (directory.ClientSecretExpiresAt, directory.ClientSecretReadAt) = (read.Status?.ExpiresAt, now);
            await db.SaveChangesAsync(cancellationToken);
        }

        // An ended secret can no longer sign in to read its own end date: what was last read still says when it ended.
        var known = read?.Status ?? (directory.ClientSecretExpiresAt is { } end ? new ClientSecretStatus(end, null) : null);
        if (known?.ExpiresAt is not { } expiresAt || Warnings.DueSince(expiresAt, now) is not { } due
            || await db.Notifications.AnyAsync(n => n.JobId == null && n.Kind == NotificationKinds.ClientSecretExpiring && n.CreatedAt >= due, cancellationToken))
        {
            return false;
        }

        var days = known.DaysLeft(now)!.Value;
        await center.RaiseAsync(new NotificationEvent(tenantId, null, NotificationKinds.ClientSecretExpiring,
            days <= 7 ? NotificationSeverity.Error : NotificationSeverity.Warning,
            days switch
            {
                < 0 => "The directory connection's client secret has expired",
                0 => "The directory connection's client secret expires today",
                1 => "The directory connection's client secret expires tomorrow",
                _ => $"The directory connection's client secret expires in {days} days",
            },
            $"{known.Describe(now)} Every application of the directory is provisioned from what the portal reads with it."),
            cancellationToken);
        return true;
    }

    // Null: the directory could not be asked (it refused, or the stored secret cannot be decrypted); the connection
    // re-check reports that. Otherwise what the app registration lists, which may be nothing recognisable.
    private async Task<SecretRead?> ReadAsync(Tenant tenant, ProtectedSecret secret, CancellationToken cancellationToken)
    {
        object? created = null;
        try
        {
            var source = directories!.Create(DirectorySourceSettings.Of(tenant.DirectoryId, tenant.Directory, secrets.Unprotect(secret)));
            created = source;
            return new SecretRead(await source.ReadClientSecretAsync(cancellationToken));
        }
        catch (Exception e) when (e is DirectorySourceException or System.Security.Cryptography.CryptographicException)
        {
            logger.LogWarning("Reading the client secret's end date failed for tenant {TenantId}: {Reason}", tenant.Id, e.Message);
            return null;
        }
        finally
        {
            await ConnectorLifetime.DisposeAsync(created);
        }
    }

    private sealed record SecretRead(ClientSecretStatus? Status);
}
