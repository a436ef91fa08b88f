using Microsoft.EntityFrameworkCore;
using Portal.Data.Entities;
using Portal.Provisioning.Cycles;

namespace Portal.Web.Tests.Features;

/// <summary>
/// A job switched between "assigned only" and "all users and groups" follows at its next cycle, with no restart (Entra
/// needs one): the never-assigned, whom no delta mentions, are created; switched back, they are disabled.
/// </summary>
public sealed class ScopeChangeCycleTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ScopeChange_IsFollowedByTheNextCycle_WithoutARestart()
    {
        // The Pilot group's seven members are assigned; three more people are not, and never change.
        var directory = OnDemandPortal.PilotDirectory(out _, out _);
        OnDemandPortal.AddOutsiders(directory, 3);
        await using var portal = await OnDemandPortal.StartAsync(directory);
        var first = await portal.ProvisionAsync();
        Assert.Equal((CycleOutcome.Completed, 7), (first.Outcome, portal.Scim.Target.Users.Count));

        await SetScopeAsync(portal, ProvisioningScope.All);
        var all = await portal.RunCycleAsync();

        Assert.Equal((CycleOutcome.Completed, 3), (all.Outcome, all.Created));
        Assert.Contains("the mappings or the scope changed since the last cycle", all.Error, StringComparison.Ordinal);
        Assert.Equal(10, portal.Scim.Target.Users.Count);

        await SetScopeAsync(portal, ProvisioningScope.AssignedOnly);
        var assigned = await portal.RunCycleAsync();

        Assert.Equal((CycleOutcome.Completed, 3), (assigned.Outcome, assigned.Disabled));
        Assert.Equal(7, portal.Scim.Target.Users.Count(u => u["active"]?.GetValue<bool>() != false));
    }

    private static async Task SetScopeAsync(OnDemandPortal portal, ProvisioningScope scope)
    {
        await using var db = portal.CreateContext();
        var job = await db.ProvisioningJobs.SingleAsync(j => j.Id == portal.JobId, Ct);
        job.Scope = scope;
        await db.SaveChangesAsync(Ct);
    }
}
