using Microsoft.EntityFrameworkCore;
using Portal.Data.Entities;
using Portal.Data.Secrets;
using Portal.Data.Tenancy;
using Portal.Provisioning.Cycles;
using Portal.Provisioning.Source;
using Portal.Provisioning.Targets;

namespace Portal.Web.Notifications;

/// <summary>
/// Recurring check: Test Connection again for every job that is On, with its stored credentials, against the target
/// and the directory, so an expired token or secret or a target that moved is reported before the next cycle trips
/// over it. Refused credentials (401/403, rejected client secret) raise <see cref="NotificationKinds.CredentialsRejected"/>,
/// anything else <see cref="NotificationKinds.ConnectionCheckFailed"/>.
/// </summary>
public sealed class ConnectionRecheck(
    TenantDbContexts contexts,
    ITargetConnectorFactory connectors,
    SecretProtector secrets,
    NotificationCenter center,
    ILogger<ConnectionRecheck> logger,
    EngineOptions? engineOptions = null,
    IDirectorySourceFactory? directories = null)
{
    public const string RecurringId = "notifications:connection-recheck";

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        List<ProvisioningJob> jobs;
        Dictionary<Guid, Tenant> tenants;
        await using (var db = contexts.ForSystem())
        {
            jobs = await db.AcrossAllTenants<ProvisioningJob>().AsNoTracking().Include(j => j.Application)
                .Where(j => j.Status == ProvisioningStatus.On)
                .ToListAsync(cancellationToken);
            var tenantIds = jobs.Select(j => j.TenantId).Distinct().ToList();
            tenants = await db.Tenants.AsNoTracking().Where(t => tenantIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, cancellationToken);
        }

        var failed = 0;
        foreach (var job in jobs)
        {
            var app = job.Application?.DisplayName ?? "the application";
            var target = await TestAsync(job, cancellationToken);
            if (!target.Succeeded)
            {
                failed++;
                await RaiseAsync(job, target.CredentialsRejected,
                    target.CredentialsRejected ? $"{app} refused the provisioning credentials" : $"Test Connection to {app} failed",
                    $"The scheduled re-check of the connection to {app} failed: {target.Message} "
                    + "Open the application's Provisioning settings, correct the Tenant URL or the credentials and press Test Connection.", cancellationToken);
            }

            if (tenants.GetValueOrDefault(job.TenantId) is { } tenant && await TestDirectoryAsync(tenant, job, cancellationToken) is { Succeeded: false } directory)
            {
                failed++;
                await RaiseAsync(job, directory.CredentialsRejected,
                    directory.CredentialsRejected ? "The directory refused the portal's client secret" : $"Reading the directory for {app} failed",
                    $"The scheduled re-check of the directory connection failed: {directory.Message}", cancellationToken);
            }
        }

        return failed;
    }

    private async Task RaiseAsync(ProvisioningJob job, bool credentialsRejected, string title, string body, CancellationToken cancellationToken)
    {
        logger.LogWarning("Scheduled connection re-check failed for job {JobId} (credentials rejected: {Rejected})", job.Id, credentialsRejected);
        await center.RaiseAsync(new NotificationEvent(
            job.TenantId, job.Id, credentialsRejected ? NotificationKinds.CredentialsRejected : NotificationKinds.ConnectionCheckFailed,
            NotificationSeverity.Error, title, body, LogsLink: $"logs?jobId={job.Id}"), cancellationToken);
    }

    // Only jobs whose tenant has a Graph connection and whose app is linked to an enterprise app can be checked.
    private async Task<SourceConnectionTest?> TestDirectoryAsync(Tenant tenant, ProvisioningJob job, CancellationToken cancellationToken)
    {
        if (directories is null || tenant.Directory is not { ClientId: not null, ClientSecret: { } secret }
            || job.Application?.ServicePrincipalId is not { } servicePrincipalId)
        {
            return null;
        }

        object? source = null;
        try
        {
            var created = directories.Create(DirectorySourceSettings.Of(tenant.DirectoryId, tenant.Directory, secrets.Unprotect(secret)));
            source = created;
            return await created.TestConnectionAsync(servicePrincipalId, cancellationToken);
        }
        catch (DirectorySourceException e)
        {
            return new SourceConnectionTest(false, e.Message, [], e.IsCredentialFailure);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return new SourceConnectionTest(false, "The stored client secret can no longer be decrypted; enter it again.", [], CredentialsRejected: true);
        }
        finally
        {
            await ConnectorLifetime.DisposeAsync(source);
        }
    }

    private async Task<ConnectionTestResult> TestAsync(ProvisioningJob job, CancellationToken cancellationToken)
    {
        var target = job.Target;
        try
        {
            // The job's own settings, the secret's placement included: a re-check sending it elsewhere would be refused
            // and report working credentials as rejected.
            var settings = TargetConnectorSettings.Of(target, target.Secret is null ? null : secrets.Unprotect(target.Secret),
                engineOptions?.AllowPrivateNetworkTargets ?? false);
            return await connectors.UseAsync(settings, connector => connector.TestConnectionAsync(cancellationToken));
        }
        catch (TargetException e)
        {
            return new ConnectionTestResult(false, $"{e.Message} {e.RecommendedAction}", [], e.IsCredentialFailure);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            // The stored secret cannot be decrypted (keys lost): as good as rejected credentials, and fixed the same way.
            return new ConnectionTestResult(false, "The stored secret can no longer be decrypted; enter it again.", [], CredentialsRejected: true);
        }
    }
}
