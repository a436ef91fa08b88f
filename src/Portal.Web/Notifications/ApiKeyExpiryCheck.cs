using Microsoft.EntityFrameworkCore;
using Portal.Data.Entities;
using Portal.Data.Tenancy;
using Portal.Provisioning.Source;
using Portal.Web.Features.Api;

namespace Portal.Web.Notifications;

/// <summary>
/// Recurring check: an API key in use warns its tenant a week and a day before it ends and when it has ended, once each,
/// so a script does not start failing with 401 unexplained. Keys never used, revoked or long ended are left alone.
/// </summary>
public sealed class ApiKeyExpiryCheck(TenantDbContexts contexts, NotificationCenter center, TimeProvider clock)
{
    public const string RecurringId = "notifications:api-key-expiry";

    private static readonly EndWarnings Warnings = new(7, 1, 0);

    /// <summary>Returns how many keys were warned of.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var (soon, endedSince) = (now.AddDays(Warnings.FirstDays), now.AddDays(-1));
        List<ApiKey> keys;
        await using (var db = contexts.ForSystem())
        {
            keys = await db.AcrossAllTenants<ApiKey>().AsNoTracking()
                .Where(k => k.RevokedAt == null && k.LastUsedAt != null && k.ExpiresAt <= soon && k.ExpiresAt > endedSince)
                .ToListAsync(cancellationToken);
        }

        var warned = 0;
        foreach (var key in keys)
        {
            await using var db = contexts.For(key.TenantId);
            // The prefix names the key in the title: one warning per key and point.
            if (Warnings.DueSince(key.ExpiresAt, now) is not { } due
                || await db.Notifications.AnyAsync(n => n.JobId == null && n.Kind == NotificationKinds.ApiKeyExpiring
                    && n.Title.Contains(key.Prefix) && n.CreatedAt >= due, cancellationToken))
            {
                continue;
            }

            var days = ClientSecretStatus.DaysLeft(key.ExpiresAt, now);
            var name = $"API key '{key.Name}' (ptl_{key.Prefix}_…)";
            await center.RaiseAsync(new NotificationEvent(key.TenantId, null, NotificationKinds.ApiKeyExpiring,
                days <= 1 ? NotificationSeverity.Error : NotificationSeverity.Warning,
                days < 0 ? $"{name} has expired" : $"{name} {ClientSecretStatus.When(key.ExpiresAt, now)}",
                $"What uses it (last on {key.LastUsedAt:yyyy-MM-dd HH:mm} UTC) gets 401 from {key.ExpiresAt:yyyy-MM-dd HH:mm} UTC. "
                + $"A tenant admin creates a new key under API keys ({ApiKeys.AccessName(key.Access)}) and puts it where this one is used."),
                cancellationToken);
            warned++;
        }

        return warned;
    }
}
