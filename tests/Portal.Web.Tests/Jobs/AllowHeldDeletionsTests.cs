using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Web.Audit;
using Portal.Web.Features.Provisioning;
using Portal.Web.Identity;
using Portal.Web.Jobs;
using Portal.Web.Tests.Identity;

namespace Portal.Web.Tests.Jobs;

/// <summary>
/// "Allow deletes" exports the held changes in a cycle queued under the job's cross-node lock, like every other cycle,
/// so it can never run beside a cycle of the same job; the admin's decision is audited.
/// </summary>
public sealed class AllowHeldDeletionsTests
{
    [Fact]
    public async Task AllowDeletes_QueuesAnAllowDeletesCycle_AndAuditsTheDecision()
    {
        await using var app = new PortalApplication();
        var alpha = await TenantData.SeedAsync(app, "Alpha");
        var ct = TestContext.Current.CancellationToken;
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().Set(TestPrincipals.Of(alpha.Tenant.Id, PortalRoles.TenantAdmin, "Alpha Admin"));

        var outcome = await scope.ServiceProvider.GetRequiredService<IProvisioningActions>().AllowDeletesAsync(alpha.JobId, ct);

        Assert.True(outcome.Succeeded, outcome.Message);
        using var connection = app.Services.GetRequiredService<JobStorage>().GetConnection();
        var queued = connection.GetAllEntriesFromHash(ProvisioningScheduler.RecurringId(alpha.JobId) + ":queued")?["jobId"];
        Assert.NotNull(queued);
        var job = connection.GetJobData(queued).Job;
        Assert.Equal(nameof(ProvisioningCycleJob.RunAsync), job.Method.Name);
        Assert.Equal([alpha.Tenant.Id, alpha.JobId, CycleTrigger.AllowDeletes], job.Args.Take(3));
        await using var db = app.CreateContext(alpha.Tenant.Id);
        var audited = await db.AuditEvents.SingleAsync(e => e.Activity == AuditActivities.AllowHeldDeletions, ct);
        Assert.Equal(alpha.JobId.ToString(), audited.TargetId);
    }
}
