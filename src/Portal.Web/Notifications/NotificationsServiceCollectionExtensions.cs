using Microsoft.Extensions.DependencyInjection.Extensions;
using Portal.Provisioning.Targets;

namespace Portal.Web.Notifications;

public static class NotificationsServiceCollectionExtensions
{
    /// <summary>In-app notifications, email (SMTP or pickup folder) and webhooks, delivered by background jobs.</summary>
    public static IHostApplicationBuilder AddPortalNotifications(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<NotificationOptions>(builder.Configuration.GetSection(NotificationOptions.Section));
        builder.Services.TryAddSingleton(TimeProvider.System);
        // Webhook URLs are typed by tenant admins: the same address guard as targets (checked per connection, so a DNS
        // answer that changes later cannot reach an internal host), and redirects are not followed.
        var allowPrivateNetwork = builder.Configuration.GetValue("Targets:AllowPrivateNetwork", false);
        builder.Services.AddHttpClient(WebhookSender.HttpClientName, (sp, client) =>
            client.Timeout = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<NotificationOptions>>().Value.WebhookTimeout)
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                ConnectCallback = new TargetAddressGuard(
                    allowPrivateNetwork, sp.GetService<HostResolver>(), sp.GetService<AddressDialer>(), sp.GetService<ILogger<TargetAddressGuard>>()).ConnectAsync,
            });
        builder.Services.AddSingleton<EmailComposer>();
        builder.Services.AddSingleton<MailTransport>();
        builder.Services.AddSingleton<WebhookSender>();
        builder.Services.AddSingleton<NotificationCenter>();
        builder.Services.AddSingleton<CycleNotifications>();
        builder.Services.AddTransient<NotificationDeliveryJob>();
        builder.Services.AddTransient<EscrowAgeCheck>();
        builder.Services.AddTransient<ConnectionRecheck>();
        builder.Services.AddTransient<ClientSecretExpiryCheck>();
        builder.Services.AddTransient<ApiKeyExpiryCheck>();
        builder.Services.AddTransient<DriftCheck>();
        builder.Services.AddTransient<WeeklySummary>();
        builder.Services.AddHostedService<NotificationChecksSchedule>();
        return builder;
    }
}
