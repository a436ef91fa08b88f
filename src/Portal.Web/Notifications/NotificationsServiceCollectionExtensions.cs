using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Portal.Web.Notifications;

public static class NotificationsServiceCollectionExtensions
{
    /// <summary>In-app notifications, email (SMTP or pickup folder) and webhooks, delivered by background jobs.</summary>
    public static IHostApplicationBuilder AddPortalNotifications(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<NotificationOptions>(builder.Configuration.GetSection(NotificationOptions.Section));
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddHttpClient(WebhookSender.HttpClientName, (sp, client) =>
            client.Timeout = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<NotificationOptions>>().Value.WebhookTimeout);
        builder.Services.AddSingleton<EmailComposer>();
        builder.Services.AddSingleton<MailTransport>();
        builder.Services.AddSingleton<WebhookSender>();
        builder.Services.AddSingleton<NotificationCenter>();
        builder.Services.AddSingleton<CycleNotifications>();
        builder.Services.AddTransient<NotificationDeliveryJob>();
        builder.Services.AddTransient<EscrowAgeCheck>();
        builder.Services.AddTransient<ConnectionRecheck>();
        builder.Services.AddHostedService<NotificationChecksSchedule>();
        return builder;
    }
}
