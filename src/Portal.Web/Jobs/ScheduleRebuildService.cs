namespace Portal.Web.Jobs;

/// <summary>Rebuilds the recurring jobs from the database when a node starts.</summary>
internal sealed class ScheduleRebuildService(ProvisioningScheduler scheduler) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => scheduler.RebuildAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
