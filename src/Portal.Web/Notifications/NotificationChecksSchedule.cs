using Hangfire;
using Microsoft.Extensions.Options;

namespace Portal.Web.Notifications;

/// <summary>Registers the recurring notification checks (aged escrow, connection re-check) with Hangfire at start-up.</summary>
internal sealed class NotificationChecksSchedule(IRecurringJobManager recurring, IOptions<NotificationOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var utc = new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc };
        if (settings.EscrowCheckCron is { Length: > 0 } escrow)
        {
            recurring.AddOrUpdate<EscrowAgeCheck>(EscrowAgeCheck.RecurringId, c => c.RunAsync(CancellationToken.None), escrow, utc);
        }
        else
        {
            recurring.RemoveIfExists(EscrowAgeCheck.RecurringId);
        }

        if (settings.ConnectionRecheckCron is { Length: > 0 } recheck)
        {
            recurring.AddOrUpdate<ConnectionRecheck>(ConnectionRecheck.RecurringId, c => c.RunAsync(CancellationToken.None), recheck, utc);
        }
        else
        {
            recurring.RemoveIfExists(ConnectionRecheck.RecurringId);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
