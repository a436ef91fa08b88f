using Microsoft.EntityFrameworkCore;
using Portal.Data.Entities;
using Portal.Provisioning.Cycles;
using Portal.Sandbox.Graph;
using Portal.Web.Features.Mappings;
using Portal.Web.Features.Provisioning;

namespace Portal.Web.Tests.Features;

/// <summary>
/// Saving a mapping in the portal makes the next cycle evaluate everyone: the dry run right after shows the update of
/// every provisioned user and says why. Before saving, the preview shows the same plan for the mapping (or the scope) as
/// edited, and leaves the saved settings, the job and the target as they were.
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
        Assert.Contains("the mappings or the scope changed since the last cycle", outcome.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Preview_OfAnUnsavedMapping_PlansEveryUsersUpdate_AndChangesNothing()
    {
        var directory = OnDemandPortal.PilotDirectory(out _, out var members);
        foreach (var member in members.Take(3))
        {
            directory.Assign(SandboxDemoIds.ScimServicePrincipalId, member, SandboxDemoIds.ScimUserRoleId);
        }

        await using var portal = await OnDemandPortal.StartAsync(directory);
        var mappings = portal.Get<MappingService>();
        await mappings.RestoreDefaultsAsync(portal.JobId, Ct);
        var engine = portal.Get<ProvisioningEngine>();
        await engine.RunCycleAsync(portal.TenantId, portal.JobId, new CycleOptions(IgnoreQuarantineSchedule: true), Ct);
        var provisioned = portal.Scim.Target.Users.Count;
        portal.Scim.Target.Requests.Clear();

        var draft = (await mappings.LoadAsync(portal.JobId, Ct)).Single(m => m.SourceObject == ObjectKind.User);
        draft.AttributeMappings.Add(new AttributeMapping { TargetAttribute = "nickName", Type = MappingType.Constant, Source = "Pilot" });
        var outcome = await portal.Get<IProvisioningActions>().PreviewAsync(portal.JobId, new JobDraft(Mapping: draft), Ct);

        Assert.True(outcome.Succeeded, outcome.Message);
        Assert.StartsWith("With these mappings saved, the next cycle would make", outcome.Message, StringComparison.Ordinal);
        Assert.Equal(provisioned, outcome.Changes.Count(c => c.Action == "Update" && c.Changes.Any(p => p.Name == "nickName" && p.NewValue == "Pilot")));
        Assert.DoesNotContain((await mappings.LoadAsync(portal.JobId, Ct)).SelectMany(m => m.AttributeMappings), a => a.TargetAttribute == "nickName");
        Assert.DoesNotContain(portal.Scim.Target.Requests.Entries, r => r.Method is "POST" or "PATCH" or "PUT" or "DELETE");
        // The job's own next cycle plans with the saved mappings: nothing to change, as before the preview.
        var next = await engine.RunCycleAsync(portal.TenantId, portal.JobId, new CycleOptions(IgnoreQuarantineSchedule: true), Ct);
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
        // The Pilot group's seven members are assigned; three more people are not.
        var directory = OnDemandPortal.PilotDirectory(out _, out _);
        foreach (var i in Enumerable.Range(1, 3))
        {
            directory.AddUser(new Dictionary<string, object?> { ["displayName"] = $"Outside User {i}", ["userPrincipalName"] = $"outside{i}@contoso.example", ["mailNickname"] = $"outside{i}" });
        }

        await using var portal = await OnDemandPortal.StartAsync(directory);
        await portal.Get<MappingService>().RestoreDefaultsAsync(portal.JobId, Ct);
        var engine = portal.Get<ProvisioningEngine>();
        await engine.RunCycleAsync(portal.TenantId, portal.JobId, new CycleOptions(IgnoreQuarantineSchedule: true), Ct);
        portal.Scim.Target.Requests.Clear();

        var outcome = await portal.Get<IProvisioningActions>().PreviewAsync(portal.JobId, new JobDraft(Scope: ProvisioningScope.All), Ct);

        Assert.True(outcome.Succeeded, outcome.Message);
        Assert.StartsWith("With this scope saved, the next cycle would make", outcome.Message, StringComparison.Ordinal);
        Assert.Equal(["Outside User 1", "Outside User 2", "Outside User 3"],
            outcome.Changes.Where(c => c.Kind == ObjectKind.User && c.Action == "Create").Select(c => c.DisplayName).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(portal.Scim.Target.Requests.Entries, r => r.Method is "POST" or "PATCH" or "PUT" or "DELETE");
        await using var db = portal.CreateContext();
        Assert.Equal(ProvisioningScope.AssignedOnly, (await db.ProvisioningJobs.SingleAsync(j => j.Id == portal.JobId, Ct)).Scope);
        var next = await engine.RunCycleAsync(portal.TenantId, portal.JobId, new CycleOptions(IgnoreQuarantineSchedule: true), Ct);
        Assert.Equal((CycleOutcome.Completed, 0), (next.Outcome, next.Created));
    }
}
