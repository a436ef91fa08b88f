using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Data.Secrets;
using Portal.Provisioning.Targets;
using Portal.Provisioning.Targets.Scim;

namespace Portal.Web.Features.Provisioning;

/// <summary>
/// Test Connection with what the admin typed (a new secret if one was entered, otherwise the stored one), through the
/// registered <see cref="ITargetConnectorFactory"/>; with the conformance probe the result carries its per-check report.
/// </summary>
public sealed class ConnectionTester(
    IDbContextFactory<PortalDbContext> dbFactory,
    SecretProtector secrets,
    IServiceProvider services,
    IHostEnvironment environment)
{
    /// <remarks>includeConformance: also run the conformance probe (creates, changes and deletes a probe user and group in the target).</remarks>
    public async Task<ConnectionTestResult> TestAsync(Guid jobId, JobSettingsInput input, bool includeConformance = false, CancellationToken cancellationToken = default)
    {
        if (services.GetService<ITargetConnectorFactory>() is not { } factory)
        {
            return new ConnectionTestResult(false, "No target connector is installed in this portal, so the connection cannot be tested.", []);
        }

        if (!Uri.TryCreate(input.TenantUrl, UriKind.Absolute, out _))
        {
            return new ConnectionTestResult(false, "Enter the Tenant URL before testing the connection.", []);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var job = await db.ProvisioningJobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == jobId, cancellationToken);
        if (job is null)
        {
            return new ConnectionTestResult(false, "The application no longer exists.", []);
        }

        var secret = !string.IsNullOrEmpty(input.NewSecret) ? input.NewSecret
            : job.Target.Secret is { } stored ? secrets.Unprotect(stored) : null;
        var settings = new TargetConnectorSettings(
            input.TenantUrl!, input.AuthKind, secret, input.AdminUserName,
            input.TokenEndpoint ?? job.Target.TokenEndpoint, input.Scopes ?? job.Target.Scopes,
            job.Target.DialectPreset, job.Target.DialectProfileJson,
            // The embedded default's sandbox target listens on loopback; production refuses private addresses.
            AllowPrivateNetwork: environment.IsDevelopment(),
            ClientSecretPlacement: input.ClientSecretPlacement);
        try
        {
            var probe = services.GetService<ConformanceProbe>() ?? new ConformanceProbe();
            return await probe.RunAsync(factory.Create(settings), includeConformance, cancellationToken);
        }
        catch (TargetException e)
        {
            return new ConnectionTestResult(false, $"{e.ErrorCode}: {e.Message} {e.RecommendedAction}", []);
        }
    }
}
