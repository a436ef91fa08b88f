using Hangfire;
using Microsoft.EntityFrameworkCore;
using Portal.Data.Tenancy;
using Portal.Provisioning.Cycles;

namespace Portal.Web.Jobs;

/// <summary>The <c>Portal:Retention</c> settings.</summary>
public sealed record RetentionSettings
{
    public const string Section = "Portal:Retention";

    /// <summary>Provisioning log entries older than this are deleted (Entra keeps 30 days; the portal 90 by default).</summary>
    public int LogDays { get; init; } = 90;

    /// <summary>When the purge runs (cron, UTC); daily at 03:15 by default.</summary>
    public string Cron { get; init; } = "15 3 * * *";

    public static RetentionSettings FromConfiguration(IConfiguration configuration) =>
        configuration.GetSection(Section).Get<RetentionSettings>() ?? new RetentionSettings();
}

/// <summary>Deletes provisioning log entries past the retention, tenant by tenant; a recurring Hangfire job.</summary>
[AutomaticRetry(Attempts = 0)]
[DisableConcurrentExecution(timeoutInSeconds: 60)]
public sealed class LogRetentionJob(ProvisioningEngine engine, TenantDbContexts contexts, RetentionSettings settings, ILogger<LogRetentionJob> logger)
{
    public const string RecurringId = "maintenance:log-retention";

    /// <summary>Registers (or updates) the recurring purge; called when a node starts.</summary>
    public static void Register(IRecurringJobManager recurring, RetentionSettings settings) =>
        recurring.AddOrUpdate<LogRetentionJob>(RecurringId, j => j.PurgeAsync(CancellationToken.None), settings.Cron,
            new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });

    public async Task<int> PurgeAsync(CancellationToken cancellationToken)
    {
        await using var db = contexts.ForSystem();
        var tenants = await db.Tenants.AsNoTracking().Select(t => t.Id).ToListAsync(cancellationToken);
        var total = 0;
        foreach (var tenantId in tenants)
        {
            var deleted = await engine.PurgeLogsAsync(tenantId, TimeSpan.FromDays(settings.LogDays), cancellationToken);
            if (deleted > 0)
            {
                logger.LogInformation("Deleted {Count} provisioning log entries older than {Days} days of tenant {TenantId}", deleted, settings.LogDays, tenantId);
            }

            total += deleted;
        }

        return total;
    }
}
