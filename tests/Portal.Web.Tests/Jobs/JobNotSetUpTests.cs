using Hangfire;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Entities;
using Portal.Provisioning.Reconciliation;
using Portal.Web.Features.Applications;
using Portal.Web.Features.Provisioning;
using Portal.Web.Identity;
using Portal.Web.Jobs;

namespace Portal.Web.Tests.Jobs;

/// <summary>
/// An application just added from the gallery has no credentials and is in Manual mode. Running it would read the whole
/// directory, fail at the target and quarantine the job with three notifications; so, as in Entra, nothing runs until the
/// admin has set it up, and the refusal says what to do.
/// </summary>
public sealed class JobNotSetUpTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EveryEngineAction_IsRefusedWithWhatToDo_AndNothingRuns_WhenTheJobIsNotSetUp()
    {
        await using var app = new PortalApplication();
        var tenant = await app.AddTenantAsync("Contoso");
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().Set(TestPrincipals.Of(tenant.Id, PortalRoles.TenantAdmin));
        var catalog = scope.ServiceProvider.GetRequiredService<ApplicationCatalog>();
        var jobId = (await catalog.FindAsync(await catalog.AddAsync(ApplicationGallery.GoToMeetingId, "GoTo Meeting", Ct), Ct))!.JobId;
        var actions = scope.ServiceProvider.GetRequiredService<IProvisioningActions>();

        string[] messages =
        [
            (await actions.StartCycleAsync(jobId, Ct)).Message,
            (await actions.RestartAsync(jobId, cancellationToken: Ct)).Message,
            (await actions.AllowDeletesAsync(jobId, Ct)).Message,
            (await actions.ProvisionOnDemandAsync(jobId, ObjectKind.User, "user-1", cancellationToken: Ct)).Message,
            (await actions.DryRunAsync(jobId, Ct)).Message,
            (await actions.ReconcileAsync(jobId, cancellationToken: Ct)).Message,
            (await actions.RepairAsync(jobId, [new RepairRequest(ObjectKind.User, "user-1", [])], Ct)).Message,
            (await actions.UndoCycleAsync(jobId, Guid.NewGuid(), Ct)).Message,
            (await actions.RetryAsync(jobId, [(ObjectKind.User, "user-1")], Ct)).Message,
            (await actions.ProvisionUsersOnDemandAsync(jobId, ["user-1", "user-2"], Ct)).Message,
            (await scope.ServiceProvider.GetRequiredService<JobSettingsService>().SwitchAsync(jobId, ProvisioningStatus.On, Ct)).Message!,
        ];

        Assert.All(messages, m => Assert.Equal(EngineProvisioningActions.NotSetUpMessage, m));
        Assert.Equal(0, app.Services.GetRequiredService<JobStorage>().GetMonitoringApi().EnqueuedCount("default"));
        await AssertUntouchedAsync(app, tenant.Id, jobId);
        Assert.Null(Recurring(app, jobId));
    }

    [Fact]
    public async Task ACycleQueuedBeforeTheJobWasSwitchedToManual_RunsNothing()
    {
        await using var app = new PortalApplication();
        var tenant = await app.AddTenantAsync("Contoso");
        Guid jobId;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<CurrentUser>().Set(TestPrincipals.Of(tenant.Id, PortalRoles.TenantAdmin));
            var catalog = scope.ServiceProvider.GetRequiredService<ApplicationCatalog>();
            jobId = (await catalog.FindAsync(await catalog.AddAsync(ApplicationGallery.ScimId, "SCIM app", Ct), Ct))!.JobId;
        }

        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ProvisioningCycleJob>().RunAsync(tenant.Id, jobId, CycleTrigger.SyncNow, Ct);
        }

        await AssertUntouchedAsync(app, tenant.Id, jobId);
    }

    private static RecurringJobDto? Recurring(PortalApplication app, Guid jobId)
    {
        using var connection = app.Services.GetRequiredService<JobStorage>().GetConnection();
        return connection.GetRecurringJobs().SingleOrDefault(r => r.Id == ProvisioningScheduler.RecurringId(jobId));
    }

    private static async Task AssertUntouchedAsync(PortalApplication app, Guid tenantId, Guid jobId)
    {
        await using var db = app.CreateContext(tenantId);
        Assert.False(await db.Cycles.AnyAsync(c => c.JobId == jobId, Ct));
        var job = await db.ProvisioningJobs.SingleAsync(j => j.Id == jobId, Ct);
        Assert.Equal((ProvisioningStatus.Off, JobStatusCode.NotConfigured, QuarantineReason.None), (job.Status, job.StatusCode, job.Quarantine.Reason));
    }
}
