using Portal.Data.Entities;
using Portal.Provisioning.Cycles;
using Portal.Sandbox.Graph;
using Portal.Web.Features.Mappings;
using Portal.Web.Features.Provisioning;

namespace Portal.Web.Tests.Features;

/// <summary>
/// Saving a mapping in the portal makes the next cycle evaluate everyone: the dry run right after shows the update of
/// every provisioned user and says why.
/// </summary>
public sealed class MappingChangeDryRunTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DryRun_AfterAMappingIsSaved_PlansEveryUsersUpdate_AndSaysWhy()
    {
        var directory = OnDemandPortal.PilotDirectory(out _, out var members);
        foreach (var member in members.Take(3))
        {
            directory.Assign(SandboxDemoIds.ScimServicePrincipalId, member, SandboxDemoIds.ScimUserRoleId);
        }

        await using var portal = await OnDemandPortal.StartAsync(directory);
        var mappings = portal.Get<MappingService>();
        await mappings.RestoreDefaultsAsync(portal.JobId, Ct);
        var first = await portal.Get<ProvisioningEngine>().RunCycleAsync(portal.TenantId, portal.JobId, new CycleOptions(IgnoreQuarantineSchedule: true), Ct);
        var provisioned = portal.Scim.Target.Users.Count;
        Assert.Equal((CycleOutcome.Completed, true), (first.Outcome, provisioned >= 3));

        var users = (await mappings.LoadAsync(portal.JobId, Ct)).Single(m => m.SourceObject == ObjectKind.User);
        users.AttributeMappings.Add(new AttributeMapping { TargetAttribute = "nickName", Type = MappingType.Constant, Source = "Pilot" });
        await mappings.SaveAsync(users, Ct);
        var outcome = await portal.Get<IProvisioningActions>().DryRunAsync(portal.JobId, Ct);

        Assert.True(outcome.Succeeded, outcome.Message);
        Assert.Equal(provisioned, outcome.Changes.Count(c => c.Action == "Update" && c.Changes.Any(p => p.Name == "nickName" && p.NewValue == "Pilot")));
        Assert.Contains("the mappings changed since the last cycle", outcome.Message, StringComparison.Ordinal);
    }
}
