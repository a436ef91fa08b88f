using Microsoft.EntityFrameworkCore;
using Portal.Provisioning.Cycles;
using Portal.Web.Audit;
using Portal.Web.Features.Provisioning;
using Portal.Web.Tests.Identity;

namespace Portal.Web.Tests.Jobs;

/// <summary>
/// Restart from the Overview tab clears what the admin chose, as Graph's resetScope does: by default the retries and the
/// watermark, the links only when asked (Entra's older "clear current state"); the audit names the choice.
/// </summary>
public sealed class RestartTests
{
    [Theory]
    [InlineData(RestartScope.Default, false, true, "QuarantineState, Watermark, Escrows")]
    [InlineData(RestartScope.Full, false, false, "QuarantineState, Watermark, Escrows, ConnectorDataStore")]
    [InlineData(RestartScope.Watermark, true, true, "QuarantineState, Watermark")]
    [InlineData(RestartScope.None, true, true, "QuarantineState")]
    public async Task Restart_ClearsWhatWasChosen_AndAuditsTheChoice(RestartScope reset, bool escrowKept, bool linkKept, string audited)
    {
        await using var alpha = await SignedInTenant.StartAsync();
        var ct = TestContext.Current.CancellationToken;

        var outcome = await alpha.Get<IProvisioningActions>().RestartAsync(alpha.Data.JobId, reset, ct);

        Assert.True(outcome.Succeeded, outcome.Message);
        await using var db = alpha.App.CreateContext(alpha.Data.Tenant.Id);
        Assert.Equal(escrowKept, await db.EscrowEntries.AnyAsync(e => e.Id == alpha.Data.EscrowId, ct));
        Assert.Equal(linkKept, await db.LinkedObjects.AnyAsync(l => l.Id == alpha.Data.LinkId, ct));
        var entry = await db.AuditEvents.SingleAsync(e => e.Activity == AuditActivities.RestartProvisioning, ct);
        Assert.Equal([new AuditChange("ResetScope", null, audited)], AuditLog.ReadChanges(entry));
    }
}
