using Hangfire;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Entities;
using Portal.Web.Audit;
using Portal.Web.Features.Provisioning;
using Portal.Web.Identity;
using Portal.Web.Jobs;
using Portal.Web.Tests.Identity;

namespace Portal.Web.Tests.Jobs;

/// <summary>
/// Saving the Provisioning tab with status On starts the initial cycle, as in Entra: exactly one cycle is queued and the
/// save says so, so the form has nothing to trigger on its own (a second trigger would only be told "already queued");
/// a later save that leaves the status as it was starts nothing.
/// </summary>
public sealed class SwitchOnTests
{
    [Fact]
    public async Task SavingWithStatusOn_QueuesOneCycle_AndSaysItStarted()
    {
        await using var app = new PortalApplication();
        var alpha = await TenantData.SeedAsync(app, "Alpha");
        var ct = TestContext.Current.CancellationToken;
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().Set(TestPrincipals.Of(alpha.Tenant.Id, PortalRoles.TenantAdmin, "Alpha Admin"));
        var settings = scope.ServiceProvider.GetRequiredService<JobSettingsService>();
        var input = (await settings.LoadAsync(alpha.JobId, ct))!;

        input.Status = ProvisioningStatus.On;
        var switchedOn = await settings.SaveAsync(alpha.JobId, input, ct);
        input.IntervalMinutes = 60;
        var savedAgain = await settings.SaveAsync(alpha.JobId, input, ct);

        Assert.True(switchedOn.Saved && switchedOn.CycleStarted);
        Assert.True(savedAgain.Saved);
        Assert.False(savedAgain.CycleStarted);
        using var connection = app.Services.GetRequiredService<JobStorage>().GetConnection();
        var queued = connection.GetAllEntriesFromHash(ProvisioningScheduler.RecurringId(alpha.JobId) + ":queued")?["jobId"];
        Assert.NotNull(queued);
        Assert.Equal([alpha.Tenant.Id, alpha.JobId, CycleTrigger.SyncNow], connection.GetJobData(queued).Job.Args.Take(3));
    }

    [Fact]
    public async Task StartAndStopOnTheOverview_SwitchTheStatus_AsSaveWould_ScheduleAuditAndAnImmediateCycle()
    {
        await using var app = new PortalApplication();
        var alpha = await TenantData.SeedAsync(app, "Alpha");
        var ct = TestContext.Current.CancellationToken;
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().Set(TestPrincipals.Of(alpha.Tenant.Id, PortalRoles.TenantAdmin, "Alpha Admin"));
        var settings = scope.ServiceProvider.GetRequiredService<JobSettingsService>();
        var stampBefore = (await settings.LoadAsync(alpha.JobId, ct))!.ConcurrencyStamp;

        var started = await settings.SwitchAsync(alpha.JobId, ProvisioningStatus.On, ct);
        var onAt = await StateAsync(app, alpha, ct);
        var stopped = await settings.SwitchAsync(alpha.JobId, ProvisioningStatus.Off, ct);
        var offAt = await StateAsync(app, alpha, ct);

        Assert.True(started.Saved && started.CycleStarted);
        Assert.Equal((ProvisioningStatus.On, true), onAt);
        Assert.True(stopped.Saved);
        Assert.False(stopped.CycleStarted);
        Assert.Equal((ProvisioningStatus.Off, false), offAt);
        // A Provisioning tab opened before is told someone changed the job, instead of switching it back on Save.
        Assert.NotEqual(stampBefore, (await settings.LoadAsync(alpha.JobId, ct))!.ConcurrencyStamp);
        await using var db = app.CreateContext(alpha.Tenant.Id);
        var audited = await db.AuditEvents.Where(e => e.TargetId == alpha.JobId.ToString()).OrderBy(e => e.Id).Select(e => e.Activity).ToListAsync(ct);
        Assert.Equal([AuditActivities.EnableProvisioning, AuditActivities.DisableProvisioning], audited.TakeLast(2));
    }

    private static async Task<(ProvisioningStatus Status, bool Scheduled)> StateAsync(PortalApplication app, TenantData tenant, CancellationToken ct)
    {
        await using var db = app.CreateContext(tenant.Tenant.Id);
        var status = (await db.ProvisioningJobs.SingleAsync(j => j.Id == tenant.JobId, ct)).Status;
        using var connection = app.Services.GetRequiredService<JobStorage>().GetConnection();
        return (status, connection.GetRecurringJobs().Any(r => r.Id == ProvisioningScheduler.RecurringId(tenant.JobId)));
    }
}
