namespace Portal.Web.Jobs;

public static class JobsServiceCollectionExtensions
{
    /// <summary>The provisioning schedule and its Hangfire jobs.</summary>
    public static IHostApplicationBuilder AddPortalJobs(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ProvisioningScheduler>();
        builder.Services.AddTransient<ProvisioningCycleJob>();
        builder.Services.AddSingleton(RetentionSettings.FromConfiguration(builder.Configuration));
        builder.Services.AddTransient<LogRetentionJob>();
        builder.Services.AddSingleton(AssignmentWatchSettings.FromConfiguration(builder.Configuration));
        builder.Services.AddTransient<AssignmentWatchJob>();
        builder.Services.AddHostedService<ScheduleRebuildService>();
        return builder;
    }
}
