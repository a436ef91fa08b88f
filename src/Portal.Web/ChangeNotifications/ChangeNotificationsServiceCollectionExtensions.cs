using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Portal.Web.ChangeNotifications;

public static class ChangeNotificationsServiceCollectionExtensions
{
    /// <summary>Graph change notifications that start a cycle as soon as the directory changes (when a notification URL is set).</summary>
    public static IHostApplicationBuilder AddPortalChangeNotifications(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<ChangeNotificationOptions>(builder.Configuration.GetSection(ChangeNotificationOptions.Section));
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ChangeNotificationAddress>();
        builder.Services.AddTransient<ChangeSubscriptionJob>();
        builder.Services.AddTransient<ChangeNotificationReceiver>();
        builder.Services.AddHostedService<ChangeSubscriptionSchedule>();
        return builder;
    }
}
