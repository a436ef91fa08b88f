using Microsoft.EntityFrameworkCore;
using Portal.Data.Entities;
using Portal.Data.Secrets;
using Portal.Data.Tenancy;
using Portal.Provisioning.Cycles;
using Portal.Provisioning.Targets;

namespace Portal.Web.Notifications;

/// <summary>
/// Recurring check: Test Connection again for every job that is On, with its stored credentials, so an expired token
/// or a target that moved is reported before the next cycle trips over it. Refused credentials (401/403) raise
/// <see cref="NotificationKinds.CredentialsRejected"/>, anything else <see cref="NotificationKinds.ConnectionCheckFailed"/>.
/// </summary>
public sealed class ConnectionRecheck(
    TenantDbContexts contexts,
    ITargetConnectorFactory connectors,
    SecretProtector secrets,
    NotificationCenter center,
    ILogger<ConnectionRecheck> logger,
    EngineOptions? engineOptions = null)
{
    public const string RecurringId = "notifications:connection-recheck";

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        List<ProvisioningJob> jobs;
        await using (var db = contexts.ForSystem())
        {
            jobs = await db.AcrossAllTenants<ProvisioningJob>().AsNoTracking().Include(j => j.Application)
                .Where(j => j.Status == ProvisioningStatus.On)
                .ToListAsync(cancellationToken);
        }

        var failed = 0;
        foreach (var job in jobs)
        {
            var result = await TestAsync(job, cancellationToken);
            if (result.Succeeded)
            {
                continue;
            }

            failed++;
            logger.LogWarning("Scheduled Test Connection failed for job {JobId} (credentials rejected: {Rejected})", job.Id, result.CredentialsRejected);
            var app = job.Application?.DisplayName ?? "the application";
            await center.RaiseAsync(new NotificationEvent(
                job.TenantId, job.Id,
                result.CredentialsRejected ? NotificationKinds.CredentialsRejected : NotificationKinds.ConnectionCheckFailed,
                NotificationSeverity.Error,
                result.CredentialsRejected ? $"{app} refused the provisioning credentials" : $"Test Connection to {app} failed",
                $"The scheduled re-check of the connection failed: {result.Message} "
                + "Open the application's Provisioning settings, correct the Tenant URL or the credentials and press Test Connection.",
                LogsLink: $"logs?jobId={job.Id}"), cancellationToken);
        }

        return failed;
    }

    private async Task<ConnectionTestResult> TestAsync(ProvisioningJob job, CancellationToken cancellationToken)
    {
        var target = job.Target;
        object? connector = null;
        try
        {
            var settings = new TargetConnectorSettings(target.BaseUrl ?? string.Empty, target.AuthKind,
                target.Secret is null ? null : secrets.Unprotect(target.Secret), target.UserName, target.TokenEndpoint, target.Scopes,
                target.DialectPreset, target.DialectProfileJson, AllowPrivateNetwork: engineOptions?.AllowPrivateNetworkTargets ?? false);
            var created = connectors.Create(settings);
            connector = created;
            return await created.TestConnectionAsync(cancellationToken);
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
        finally
        {
            switch (connector)
            {
                case IAsyncDisposable d:
                    await d.DisposeAsync();
                    break;
                case IDisposable d:
                    d.Dispose();
                    break;
            }
        }
    }
}
