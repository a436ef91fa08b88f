using Hangfire;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Portal.Web.Hosting;

/// <summary>Healthy when the Hangfire storage answers a statistics query (a round trip for SQL storages).</summary>
internal sealed class HangfireStorageHealthCheck(JobStorage storage) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            storage.GetMonitoringApi().GetStatistics();
            return Task.FromResult(HealthCheckResult.Healthy());
        }
        catch (Exception e)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("Hangfire storage unreachable", e));
        }
    }
}
