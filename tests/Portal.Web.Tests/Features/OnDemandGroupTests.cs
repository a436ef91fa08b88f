using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Entities;
using Portal.Web.Features.Applications;
using Portal.Web.Features.Provisioning;

namespace Portal.Web.Tests.Features;

/// <summary>
/// Provision on demand of a group, over the real wire (Graph emulator, sandbox SCIM target): the answer names what
/// happened to each member provisioned with it, five at most, as Entra lists them; the admin may choose which.
/// </summary>
public sealed class OnDemandGroupTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task OnDemandGroup_ReportsEachMemberItProvisioned_FiveAtMost()
    {
        var directory = OnDemandPortal.PilotDirectory(out var groupId, out var members);
        await using var portal = await OnDemandPortal.StartAsync(directory);

        var outcome = await portal.Get<IProvisioningActions>().ProvisionOnDemandAsync(portal.JobId, ObjectKind.Group, groupId, cancellationToken: Ct);

        Assert.True(outcome.Succeeded, outcome.Message);
        // The group's own create, then the membership update that adds the members the cycle exported.
        Assert.Equal("Create", outcome.Action);
        Assert.Equal("EntryReferenceResolution", outcome.Steps[^2].Name);
        Assert.Contains("5 members to add", outcome.Steps[^2].Description, StringComparison.Ordinal);
        Assert.Equal(5, outcome.Members.Count);
        Assert.All(outcome.Members, m => Assert.Equal(("Create", "Success"), (m.Action, m.Status)));
        Assert.All(outcome.Members, m => Assert.Contains(m.SourceId, members));
        Assert.All(outcome.Members, m => Assert.StartsWith("Pilot User ", m.DisplayName, StringComparison.Ordinal));
        Assert.Equal(outcome.Members.Select(m => $"pilot{m.DisplayName![^1]}@contoso.example").Order(),
            portal.Scim.Target.Users.Select(u => (string)u["userName"]!).Order());
    }

    [Fact]
    public async Task OnDemandGroup_TakesTheMembersTheAdminChose_FromTheGroupsListedMembers()
    {
        var directory = OnDemandPortal.PilotDirectory(out var groupId, out var members);
        // A nested group is a member as well; only users are offered.
        var nested = directory.AddGroup(new Dictionary<string, object?> { ["displayName"] = "Pilot leads", ["mailNickname"] = "leads" });
        directory.AddMember(groupId, nested);
        await using var portal = await OnDemandPortal.StartAsync(directory);
        var actions = portal.Get<IProvisioningActions>();
        var jobId = portal.JobId;

        var listed = await portal.Get<DirectoryAccess>().GroupMembersAsync(portal.ApplicationId, groupId, Ct);
        var chosen = listed.Members.Where(m => m.DisplayName is "Pilot User 6" or "Pilot User 7").Select(m => m.Id).ToList();
        var tooMany = await actions.ProvisionOnDemandAsync(jobId, ObjectKind.Group, groupId, members, Ct);
        var outcome = await actions.ProvisionOnDemandAsync(jobId, ObjectKind.Group, groupId, chosen, Ct);
        var mistyped = await actions.ProvisionOnDemandAsync(jobId, ObjectKind.User, "00000000-0000-0000-0000-00000000dead", cancellationToken: Ct);

        Assert.Null(listed.Problem);
        Assert.Equal(8, listed.Total);
        Assert.Equal(Enumerable.Range(1, 7).Select(i => $"Pilot User {i}"), listed.Members.Select(m => m.DisplayName));
        Assert.False(tooMany.Succeeded);
        Assert.Equal("Choose at most 5 members; 7 were chosen.", tooMany.Message);
        Assert.True(outcome.Succeeded, outcome.Message);
        Assert.Equal(["Pilot User 6", "Pilot User 7"], outcome.Members.Select(m => m.DisplayName).Order());
        Assert.Equal(["pilot6@contoso.example", "pilot7@contoso.example"], portal.Scim.Target.Users.Select(u => (string)u["userName"]!).Order());
        Assert.False(mistyped.Succeeded);
        Assert.Equal("No user with object id '00000000-0000-0000-0000-00000000dead' was found in the directory.", mistyped.Message);
    }
}
