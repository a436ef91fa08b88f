using Microsoft.EntityFrameworkCore;
using Portal.Web.Audit;
using Portal.Web.Features.Provisioning;
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
        await using var alpha = await SignedInTenant.StartAsync();
        var ct = TestContext.Current.CancellationToken;

        var outcome = await alpha.Get<IProvisioningActions>().AllowDeletesAsync(alpha.Data.JobId, ct);

        Assert.True(outcome.Succeeded, outcome.Message);
        var job = alpha.QueuedCycle();
        Assert.NotNull(job);
        Assert.Equal(nameof(ProvisioningCycleJob.RunAsync), job.Method.Name);
        Assert.Equal([alpha.Data.Tenant.Id, alpha.Data.JobId, CycleTrigger.AllowDeletes], job.Args.Take(3));
        await using var db = alpha.App.CreateContext(alpha.Data.Tenant.Id);
        var audited = await db.AuditEvents.SingleAsync(e => e.Activity == AuditActivities.AllowHeldDeletions, ct);
        Assert.Equal(alpha.Data.JobId.ToString(), audited.TargetId);
    }
}
