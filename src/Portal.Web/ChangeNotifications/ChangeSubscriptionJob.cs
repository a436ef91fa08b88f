using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Data.Entities;
using Portal.Data.Secrets;
using Portal.Data.Tenancy;
using Portal.Provisioning.Source;
using Portal.Provisioning.Targets;

namespace Portal.Web.ChangeNotifications;

/// <summary>
/// Subscribes each tenant that has a job On to Graph's change notifications for users and groups, with the tenant's
/// own app registration, and renews them on a schedule. A tenant whose subscription fails keeps its scheduled cycles;
/// the failure is logged and shown on its Directory connection page.
/// </summary>
public sealed class ChangeSubscriptionJob(
    TenantDbContexts contexts,
    SecretProtector secrets,
    IOptions<ChangeNotificationOptions> options,
    ChangeNotificationAddress address,
    TimeProvider time,
    ILogger<ChangeSubscriptionJob> logger,
    IDirectorySourceFactory? directories = null)
{
    public const string RecurringId = "change-notifications:subscribe";

    /// <summary>Every tenant with a job that is On; returns how many were subscribed.</summary>
    public Task<int> RunAsync(CancellationToken cancellationToken) => SubscribeAsync(null, cancellationToken);

    /// <summary>One tenant, as soon as one of its jobs is switched On.</summary>
    public Task<int> RunForTenantAsync(Guid tenantId, CancellationToken cancellationToken) => SubscribeAsync(tenantId, cancellationToken);

    private async Task<int> SubscribeAsync(Guid? onlyTenant, CancellationToken cancellationToken)
    {
        if (address.Resolve() is not { } url || directories is null)
        {
            return 0;
        }

        List<Tenant> tenants;
        await using (var db = contexts.ForSystem())
        {
            var withJobsOn = await db.AcrossAllTenants<ProvisioningJob>().AsNoTracking()
                .Where(j => j.Status == ProvisioningStatus.On && j.Mode == ProvisioningMode.Automatic && (onlyTenant == null || j.TenantId == onlyTenant))
                .Select(j => j.TenantId).Distinct().ToListAsync(cancellationToken);
            tenants = await db.Tenants.AsNoTracking().Where(t => t.IsActive && withJobsOn.Contains(t.Id)).ToListAsync(cancellationToken);
        }

        var subscribed = 0;
        foreach (var tenant in tenants.Where(t => t.Directory is { ClientId: not null, ClientSecret: not null }))
        {
            IDirectorySource? source = null;
            try
            {
                var secret = secrets.Unprotect(tenant.Directory.ClientSecret!);
                source = directories.Create(DirectorySourceSettings.Of(tenant.DirectoryId, tenant.Directory, secret));
                await source.SubscribeToChangesAsync(url, ChangeClientState.For(tenant.DirectoryId, secret), options.Value.Lifetime, cancellationToken);
                await RecordAsync(tenant.Id, time.GetUtcNow() + options.Value.Lifetime, null, cancellationToken);
                subscribed++;
            }
            catch (Exception e) when (e is DirectorySourceException or CryptographicException)
            {
                logger.LogWarning("Change notifications for tenant {TenantId} could not be subscribed; its jobs keep their schedule. {Reason}", tenant.Id, e.Message);
                var problem = e is CryptographicException ? "The stored client secret can no longer be decrypted; enter it again." : e.Message;
                await RecordAsync(tenant.Id, null, problem[..Math.Min(problem.Length, 1000)], cancellationToken);
            }
            finally
            {
                await ConnectorLifetime.DisposeAsync(source);
            }
        }

        return subscribed;
    }

    // What the Directory connection page shows: until when notifications come, or why subscribing failed (the earlier
    // subscriptions, if any, run on until they expire).
    private async Task RecordAsync(Guid tenantId, DateTimeOffset? until, string? problem, CancellationToken cancellationToken)
    {
        await using var db = contexts.For(tenantId);
        var tenant = await db.Tenants.SingleAsync(t => t.Id == tenantId, cancellationToken);
        tenant.Directory.ChangesSubscribedUntil = until ?? tenant.Directory.ChangesSubscribedUntil;
        tenant.Directory.ChangeSubscriptionProblem = problem;
        await db.SaveChangesAsync(cancellationToken);
    }
}
