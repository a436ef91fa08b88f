using Microsoft.EntityFrameworkCore;
using Portal.Data.Entities;
using Portal.Provisioning.Cycles;
using Portal.Web.Features.Applications;
using Portal.Web.Features.Mappings;
using Portal.Web.Features.Provisioning;

namespace Portal.Web.Tests.Features;

/// <summary>
/// Saving a mapping in the portal makes the next cycle evaluate everyone: the dry run right after shows the update of
/// every provisioned user and says why. Before saving, the preview shows the same plan for the mapping, the scope or the
/// role requirements as edited, and leaves the saved settings, the job and the target as they were.
/// </summary>
public sealed class MappingChangeDryRunTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DryRun_AfterAMappingIsSaved_PlansEveryUsersUpdate_AndSaysWhy()
    {
        await using var portal = await OnDemandPortal.StartAsync(OnDemandPortal.PilotDirectory(out _, out _));
        var first = await portal.ProvisionAsync();
        var provisioned = portal.Scim.Target.Users.Count;
        Assert.Equal((CycleOutcome.Completed, 7), (first.Outcome, provisioned));

        var mappings = portal.Get<MappingService>();
        var users = (await mappings.LoadAsync(portal.JobId, Ct)).Single(m => m.SourceObject == ObjectKind.User);
        users.AttributeMappings.Add(new AttributeMapping { TargetAttribute = "nickName", Type = MappingType.Constant, Source = "Pilot" });
        await mappings.SaveAsync(users, Ct);
        var outcome = await portal.Get<IProvisioningActions>().DryRunAsync(portal.JobId, Ct);

        Assert.True(outcome.Succeeded, outcome.Message);
        Assert.Equal(provisioned, outcome.Changes.Count(c => c.Action == "Update" && c.Changes.Any(p => p.Name == "nickName" && p.NewValue == "Pilot")));
        Assert.Contains("the mappings or the scope changed since the last cycle", outcome.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Preview_OfAnUnsavedMapping_PlansEveryUsersUpdate_AndChangesNothing()
    {
        await using var portal = await OnDemandPortal.StartAsync(OnDemandPortal.PilotDirectory(out _, out _));
        await portal.ProvisionAsync();
        var provisioned = portal.Scim.Target.Users.Count;
        portal.Scim.Target.Requests.Clear();

        var mappings = portal.Get<MappingService>();
        var draft = (await mappings.LoadAsync(portal.JobId, Ct)).Single(m => m.SourceObject == ObjectKind.User);
        draft.AttributeMappings.Add(new AttributeMapping { TargetAttribute = "nickName", Type = MappingType.Constant, Source = "Pilot" });
        var outcome = await portal.Get<IProvisioningActions>().PreviewAsync(portal.JobId, new JobDraft(Mapping: draft), Ct);

        Assert.True(outcome.Succeeded, outcome.Message);
        Assert.StartsWith("With these mappings saved, the next cycle would make", outcome.Message, StringComparison.Ordinal);
        // The lead sentence says the mappings differ; the cycle's note that they changed is not repeated under it.
        Assert.DoesNotContain("the mappings or the scope changed", outcome.Message, StringComparison.Ordinal);
        Assert.Equal(provisioned, outcome.Changes.Count(c => c.Action == "Update" && c.Changes.Any(p => p.Name == "nickName" && p.NewValue == "Pilot")));
        Assert.DoesNotContain((await mappings.LoadAsync(portal.JobId, Ct)).SelectMany(m => m.AttributeMappings), a => a.TargetAttribute == "nickName");
        Assert.DoesNotContain(portal.Scim.Target.Requests.Entries, r => r.Method is "POST" or "PATCH" or "PUT" or "DELETE");
        // The job's own next cycle plans with the saved mappings: nothing to change, as before the preview.
        var next = await portal.RunCycleAsync();
        Assert.Equal((CycleOutcome.Completed, 0), (next.Outcome, next.Updated));
    }

    [Fact]
    public async Task Preview_RefusesAnotherJobsMapping_AndTheEngineRefusesADraftOutsideADryRun()
    {
        await using var portal = await OnDemandPortal.StartAsync(OnDemandPortal.PilotDirectory(out _, out _));
        var mappings = portal.Get<MappingService>();
        await mappings.RestoreDefaultsAsync(portal.JobId, Ct);
        var draft = (await mappings.LoadAsync(portal.JobId, Ct)).Single(m => m.SourceObject == ObjectKind.User);
        draft.JobId = Guid.NewGuid();

        var outcome = await portal.Get<IProvisioningActions>().PreviewAsync(portal.JobId, new JobDraft(Mapping: draft), Ct);

        Assert.False(outcome.Succeeded);
        Assert.Contains("not this application's", outcome.Message, StringComparison.Ordinal);
        draft.JobId = portal.JobId;
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            portal.Get<ProvisioningEngine>().RunCycleAsync(portal.TenantId, portal.JobId, new CycleOptions(Draft: new JobDraft(Mapping: draft)), Ct));
    }

    [Fact]
    public async Task Preview_OfAllUsersInScope_PlansTheUnassignedUsersCreates_AndChangesNothing()
    {
        var directory = OnDemandPortal.PilotDirectory(out _, out _);
        OnDemandPortal.AddOutsiders(directory, 3);
        await using var portal = await OnDemandPortal.StartAsync(directory);
        await portal.ProvisionAsync();
        portal.Scim.Target.Requests.Clear();

        var outcome = await portal.Get<IProvisioningActions>().PreviewAsync(portal.JobId, new JobDraft(Scope: ProvisioningScope.All), Ct);

        Assert.True(outcome.Succeeded, outcome.Message);
        Assert.StartsWith("With this scope saved, the next cycle would make", outcome.Message, StringComparison.Ordinal);
        Assert.Equal(["Outside User 1", "Outside User 2", "Outside User 3"],
            outcome.Changes.Where(c => c.Kind == ObjectKind.User && c.Action == "Create").Select(c => c.DisplayName).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(portal.Scim.Target.Requests.Entries, r => r.Method is "POST" or "PATCH" or "PUT" or "DELETE");
        await using var db = portal.CreateContext();
        Assert.Equal(ProvisioningScope.AssignedOnly, (await db.ProvisioningJobs.SingleAsync(j => j.Id == portal.JobId, Ct)).Scope);
        var next = await portal.RunCycleAsync();
        Assert.Equal((CycleOutcome.Completed, 0), (next.Outcome, next.Created));
    }

    [Fact]
    public async Task Preview_OfARoleRequirement_PlansTheDisablesOfThoseWithoutTheRole_AndChangesNothing()
    {
        await using var portal = await OnDemandPortal.StartAsync(OnDemandPortal.PilotDirectory(out _, out _));
        await portal.ProvisionAsync();
        portal.Scim.Target.Requests.Clear();

        // The Pilot group is assigned as "User": requiring "Admin" would take everyone's account away.
        var outcome = await portal.Get<IProvisioningActions>().PreviewAsync(portal.JobId, new JobDraft(RequiredRoles: ["Admin"]), Ct);

        Assert.True(outcome.Succeeded, outcome.Message);
        Assert.StartsWith("With these role requirements saved, the next cycle would make", outcome.Message, StringComparison.Ordinal);
        Assert.Equal(7, outcome.Changes.Count(c => c.Kind == ObjectKind.User && c.Action == "Disable"));
        Assert.DoesNotContain(portal.Scim.Target.Requests.Entries, r => r.Method is "POST" or "PATCH" or "PUT" or "DELETE");
        Assert.Empty(await portal.Get<DirectoryAccess>().RequiredRolesAsync(portal.ApplicationId, Ct));
        var next = await portal.RunCycleAsync();
        Assert.Equal((CycleOutcome.Completed, 0), (next.Outcome, next.Disabled));
    }
}
