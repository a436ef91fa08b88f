using Hangfire;
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
/// Undoing a cycle is a tenant admin's decision, checked on the server: the job goes Off first (its next cycle would
/// make the same changes again), the decision is audited, and the undo is queued to run under the job's cycle lock.
/// </summary>
public sealed class UndoCycleActionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task UndoCycle_SwitchesTheJobOff_AuditsIt_AndQueuesTheUndo()
    {
        await using var alpha = await SignedInTenant.StartAsync();
        var actions = alpha.Get<IProvisioningActions>();
        Assert.True((await alpha.Get<JobSettingsService>().SwitchAsync(alpha.Data.JobId, ProvisioningStatus.On, Ct)).Saved);
        var plan = await actions.UndoPlanAsync(alpha.Data.JobId, Ct);
        Assert.Equal(alpha.Data.CycleId, plan?.CycleId);
        Assert.Equal(1, plan!.Creates);

        var outcome = await actions.UndoCycleAsync(alpha.Data.JobId, alpha.Data.CycleId, Ct);

        Assert.True(outcome.Succeeded, outcome.Message);
        await using var db = alpha.App.CreateContext(alpha.Data.Tenant.Id);
        Assert.Equal(ProvisioningStatus.Off, (await db.ProvisioningJobs.SingleAsync(j => j.Id == alpha.Data.JobId, Ct)).Status);
        var audited = await db.AuditEvents.SingleAsync(e => e.Activity == AuditActivities.UndoCycle, Ct);
        Assert.Equal(alpha.Data.JobId.ToString(), audited.TargetId);
        Assert.Contains(alpha.Data.CycleId.ToString(), audited.ChangesJson, StringComparison.Ordinal);
        var undo = Assert.Single(Undos(alpha.App));
        Assert.Equal([alpha.Data.Tenant.Id, alpha.Data.JobId, alpha.Data.CycleId], undo.Args.Take(3));
    }

    [Fact]
    public async Task UndoCycle_IsRefused_ForHelpDesk_AndForACycleThatIsNotTheLatest()
    {
        await using var alpha = await SignedInTenant.StartAsync();
        await using (var scope = alpha.App.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<CurrentUser>().Set(TestPrincipals.Of(alpha.Data.Tenant.Id, PortalRoles.HelpDesk));
            var refused = await scope.ServiceProvider.GetRequiredService<IProvisioningActions>().UndoCycleAsync(alpha.Data.JobId, alpha.Data.CycleId, Ct);
            Assert.Equal("Only tenant admins can undo a cycle.", refused.Message);
        }

        var notLatest = await alpha.Get<IProvisioningActions>().UndoCycleAsync(alpha.Data.JobId, Guid.NewGuid(), Ct);

        Assert.False(notLatest.Succeeded);
        await using var db = alpha.App.CreateContext(alpha.Data.Tenant.Id);
        Assert.False(await db.AuditEvents.AnyAsync(e => e.Activity == AuditActivities.UndoCycle, Ct));
        Assert.Empty(Undos(alpha.App));
    }

    // Undo jobs in any state: the test host runs its queued jobs.
    private static List<Hangfire.Common.Job> Undos(PortalApplication app)
    {
        var monitor = app.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        return [.. monitor.EnqueuedJobs("default", 0, 100).Select(j => j.Value.Job)
            .Concat(monitor.ProcessingJobs(0, 100).Select(j => j.Value.Job))
            .Concat(monitor.SucceededJobs(0, 100).Select(j => j.Value.Job))
            .Concat(monitor.FailedJobs(0, 100).Select(j => j.Value.Job))
            .Where(j => j?.Method.Name == nameof(ProvisioningCycleJob.UndoAsync))];
    }
}
