using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Data.Entities;

namespace Portal.Web.Features.Notifications;

/// <summary>The tenant's in-app notifications: the bell's unread count, the list, mark read.</summary>
public sealed class NotificationInbox(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock)
{
    public async Task<int> UnreadCountAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Notifications.CountAsync(n => n.ReadAt == null, cancellationToken);
    }

    public async Task<IReadOnlyList<Notification>> LatestAsync(int count = 50, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Notifications.AsNoTracking().OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id)
            .Take(count).ToListAsync(cancellationToken);
    }

    public async Task MarkReadAsync(long? id = null, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var unread = db.Notifications.Where(n => n.ReadAt == null);
        if (id is { } one)
        {
            unread = unread.Where(n => n.Id == one);
        }

        var now = clock.GetUtcNow();
        foreach (var notification in await unread.ToListAsync(cancellationToken))
        {
            notification.ReadAt = now;
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
