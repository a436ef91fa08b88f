using Hangfire;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Entities;
using Portal.Web.Audit;
using Portal.Web.Features.Provisioning;
using Portal.Web.Jobs;
using Portal.Web.Tests.Identity;

namespace Portal.Web.Tests.Jobs;

/// <summary>
/// Switching a job On — Save on the Provisioning tab with status On, or Start provisioning on the Overview — starts its
/// cycle at once, as in Entra: exactly one is queued and the answer says so (a second trigger would only be told "already
/// queued"); a later save that leaves the status as it was starts nothing. Stop switches it Off and unschedules it.
/// </summary>
public sealed class SwitchOnTests
{
    [Fact]
    public async Task SavingWithStatusOn_QueuesOneCycle_AndSaysItStarted()
    {
        await using var alpha = await SignedInTenant.StartAsync();
        var ct = TestContext.Current.CancellationToken;
        var settings = alpha.Get<JobSettingsService>();
        var input = (await settings.LoadAsync(alpha.Data.JobId, ct))!;

        input.Status = ProvisioningStatus.On;
        var switchedOn = await settings.SaveAsync(alpha.Data.JobId, input, ct);
        input.IntervalMinutes = 60;
        var savedAgain = await settings.SaveAsync(alpha.Data.JobId, input, ct);

        Assert.True(switchedOn.Saved && switchedOn.CycleStarted);
        Assert.True(savedAgain.Saved);
        Assert.False(savedAgain.CycleStarted);
        Assert.Equal([alpha.Data.Tenant.Id, alpha.Data.JobId, CycleTrigger.SyncNow], alpha.QueuedCycle()?.Args.Take(3));
    }

    [Fact]
    public async Task StartAndStopOnTheOverview_SwitchTheStatus_AsSaveWould_ScheduleAuditAndAnImmediateCycle()
    {
        await using var alpha = await SignedInTenant.StartAsync();
        var ct = TestContext.Current.CancellationToken;
        var settings = alpha.Get<JobSettingsService>();
        var stampBefore = (await settings.LoadAsync(alpha.Data.JobId, ct))!.ConcurrencyStamp;

        var started = await settings.SwitchAsync(alpha.Data.JobId, ProvisioningStatus.On, ct);
        var onAt = await StateAsync(alpha, ct);
        var stopped = await settings.SwitchAsync(alpha.Data.JobId, ProvisioningStatus.Off, ct);
        var offAt = await StateAsync(alpha, ct);

        Assert.True(started.Saved && started.CycleStarted);
        Assert.Equal((ProvisioningStatus.On, true), onAt);
        Assert.True(stopped.Saved);
        Assert.False(stopped.CycleStarted);
        Assert.Equal((ProvisioningStatus.Off, false), offAt);
        // A Provisioning tab opened before is told someone changed the job, instead of switching it back on Save.
        Assert.NotEqual(stampBefore, (await settings.LoadAsync(alpha.Data.JobId, ct))!.ConcurrencyStamp);
        await using var db = alpha.App.CreateContext(alpha.Data.Tenant.Id);
        var audited = await db.AuditEvents.Where(e => e.TargetId == alpha.Data.JobId.ToString()).OrderBy(e => e.Id).Select(e => e.Activity).ToListAsync(ct);
        Assert.Equal([AuditActivities.EnableProvisioning, AuditActivities.DisableProvisioning], audited.TakeLast(2));
    }

    private static async Task<(ProvisioningStatus Status, bool Scheduled)> StateAsync(SignedInTenant tenant, CancellationToken ct)
    {
        await using var db = tenant.App.CreateContext(tenant.Data.Tenant.Id);
        var status = (await db.ProvisioningJobs.SingleAsync(j => j.Id == tenant.Data.JobId, ct)).Status;
        using var connection = tenant.App.Services.GetRequiredService<JobStorage>().GetConnection();
        return (status, connection.GetRecurringJobs().Any(r => r.Id == ProvisioningScheduler.RecurringId(tenant.Data.JobId)));
    }
}
