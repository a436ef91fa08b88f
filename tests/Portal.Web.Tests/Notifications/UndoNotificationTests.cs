using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Entities;
using Portal.Data.Tenancy;
using Portal.Web.Notifications;

namespace Portal.Web.Tests.Notifications;

/// <summary>An undo leaves the application Off: the tenant's notifications say what was put back and why it is Off.</summary>
public sealed class UndoNotificationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnUndo_SaysWhatWasPutBack_AndThatProvisioningIsOff()
    {
        await using var host = await NotificationHost.StartAsync();
        var now = DateTimeOffset.UtcNow;
        var undone = new Cycle { JobId = host.JobId, Kind = CycleKind.Incremental, State = CycleState.Succeeded, StartedAt = now.AddMinutes(-5), Updated = 3, Created = 1 };
        var undo = new Cycle
        {
            JobId = host.JobId, Kind = CycleKind.Undo, State = CycleState.Succeeded, StartedAt = now, EndedAt = now, UndoOf = undone.Id, Updated = 3, Deleted = 1,
        };
        undone.UndoneBy = undo.Id;
        await using (var db = host.Services.GetRequiredService<TenantDbContexts>().For(host.TenantId))
        {
            db.Cycles.AddRange(undone, undo);
            await db.SaveChangesAsync(Ct);
        }

        await host.Services.GetRequiredService<CycleNotifications>().RaiseAsync(host.TenantId, host.JobId, undo.Id, new JobQuarantine(), Ct);

        await using var read = host.Services.GetRequiredService<TenantDbContexts>().For(host.TenantId);
        var said = await read.Notifications.AsNoTracking().SingleAsync(Ct);
        Assert.Equal((NotificationKinds.CycleUndone, NotificationSeverity.Information), (said.Kind, said.Severity));
        Assert.StartsWith("1 deleted, 3 put back and 0 created again in the target. Provisioning of this application is Off", said.Body, StringComparison.Ordinal);
    }
}
