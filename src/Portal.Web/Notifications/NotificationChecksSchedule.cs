using Hangfire;
using Microsoft.Extensions.Options;

namespace Portal.Web.Notifications;

/// <summary>Registers the recurring notification checks (aged escrow, connection re-check, target drift, client secret and API key expiry) and the weekly summary with Hangfire at start-up.</summary>
internal sealed class NotificationChecksSchedule(IRecurringJobManager recurring, IOptions<NotificationOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        Schedule<EscrowAgeCheck>(EscrowAgeCheck.RecurringId, settings.EscrowCheckCron, c => c.RunAsync(CancellationToken.None));
        Schedule<ConnectionRecheck>(ConnectionRecheck.RecurringId, settings.ConnectionRecheckCron, c => c.RunAsync(CancellationToken.None));
        Schedule<DriftCheck>(DriftCheck.RecurringId, settings.DriftCheckCron, c => c.RunAsync(CancellationToken.None));
        Schedule<ClientSecretExpiryCheck>(ClientSecretExpiryCheck.RecurringId, settings.CredentialCheckCron, c => c.RunAsync(CancellationToken.None));
        Schedule<ApiKeyExpiryCheck>(ApiKeyExpiryCheck.RecurringId, settings.CredentialCheckCron, c => c.RunAsync(CancellationToken.None));
        Schedule<WeeklySummary>(WeeklySummary.RecurringId, settings.WeeklySummaryCron, c => c.RunAsync(CancellationToken.None));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    // An empty cron turns the check off, and removes it if an earlier start-up registered it.
    private void Schedule<T>(string id, string? cron, System.Linq.Expressions.Expression<Func<T, Task>> run)
    {
        if (cron is { Length: > 0 })
        {
            recurring.AddOrUpdate(id, run, cron, new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
        }
        else
        {
            recurring.RemoveIfExists(id);
        }
    }
}
