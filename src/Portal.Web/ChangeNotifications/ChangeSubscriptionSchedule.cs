using Hangfire;
using Microsoft.Extensions.Options;

namespace Portal.Web.ChangeNotifications;

/// <summary>
/// Registers the renewal of the subscriptions (or removes it when change notifications are off) and, once the host
/// listens — its own address may be the notification URL — subscribes every tenant with a job On.
/// </summary>
internal sealed class ChangeSubscriptionSchedule(
    IRecurringJobManager recurring,
    IOptions<ChangeNotificationOptions> options,
    ChangeNotificationAddress address,
    IHostApplicationLifetime lifetime,
    IServiceScopeFactory scopes,
    ILogger<ChangeSubscriptionSchedule> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!address.MayBeOn || settings.RenewCron is not { Length: > 0 })
        {
            recurring.RemoveIfExists(ChangeSubscriptionJob.RecurringId);
            return Task.CompletedTask;
        }

        recurring.AddOrUpdate<ChangeSubscriptionJob>(ChangeSubscriptionJob.RecurringId, j => j.RunAsync(CancellationToken.None), settings.RenewCron,
            new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
        lifetime.ApplicationStarted.Register(() => _ = SubscribeAsync());
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task SubscribeAsync()
    {
        if (address.Resolve() is null)
        {
            return;
        }

        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<ChangeSubscriptionJob>().RunAsync(lifetime.ApplicationStopping);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The renewal tries again on its schedule; until then cycles keep their own.
            logger.LogWarning(e, "Subscribing to change notifications at start-up failed");
        }
    }
}
