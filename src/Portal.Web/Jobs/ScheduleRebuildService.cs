using Hangfire;

namespace Portal.Web.Jobs;

/// <summary>Rebuilds the recurring jobs from the database and registers the maintenance jobs and the assignment watch when a node starts.</summary>
internal sealed class ScheduleRebuildService(ProvisioningScheduler scheduler, IRecurringJobManager recurring, RetentionSettings retention,
    AssignmentWatchSettings assignmentWatch) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        LogRetentionJob.Register(recurring, retention);
        AssignmentWatchJob.Register(recurring, assignmentWatch);
        return scheduler.RebuildAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
