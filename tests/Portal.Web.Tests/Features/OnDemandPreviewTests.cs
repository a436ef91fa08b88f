using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Entities;
using Portal.Sandbox.Graph;
using Portal.Web.Components.Pages.Applications;
using Portal.Web.Features.Mappings;
using Portal.Web.Features.Provisioning;
using Portal.Web.Tests.Components;

namespace Portal.Web.Tests.Features;

/// <summary>
/// Provision on demand's preview over the real wire (Graph emulator, sandbox SCIM target): every step but the export, so
/// an admin sees what provisioning would do, or why someone is left alone, with nothing written; and a group's members
/// not provisioned on the Users and groups tab, each told why by it.
/// </summary>
public sealed class OnDemandPreviewTests
{
    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    [Fact]
    public async Task Preview_SaysWhatProvisioningWouldDo_AndWritesNothing()
    {
        var directory = OnDemandPortal.PilotDirectory(out _, out var members);
        await using var portal = await OnDemandPortal.StartAsync(directory);
        await ExcludeAsync(portal, "pilot7@contoso.example");
        var actions = portal.Get<IProvisioningActions>();

        var one = await actions.ProvisionOnDemandAsync(portal.JobId, ObjectKind.User, members[0], cancellationToken: Ct, preview: true);
        var several = await actions.ProvisionUsersOnDemandAsync(portal.JobId, [members[1], members[6]], Ct, preview: true);

        Assert.True(one.Succeeded, one.Message);
        Assert.Equal(("Would create", "In scope and not found in the target."), (one.Action, one.Message));
        Assert.Equal(("EntryExportAdd", "Skipped"), (one.Steps[^1].Name, one.Steps[^1].Status));
        Assert.Contains(one.ModifiedProperties, p => p.Name == "userName" && p.NewValue == "pilot1@contoso.example");
        Assert.Equal("2 users: 1 would be provisioned, 0 would fail, 1 would be left alone.", several.Message);
        Assert.Equal([("Pilot User 2", "Would create"), ("Pilot User 7", "Other")],
            several.Members.Select(m => (m.DisplayName, m.Action)).Order());
        Assert.Equal("Does not satisfy any scoping filter.", several.Members.Single(m => m.DisplayName == "Pilot User 7").Reason);
        Assert.Empty(portal.Scim.Target.Users);
        await using var db = portal.CreateContext();
        Assert.Empty(await db.LinkedObjects.ToListAsync(Ct));
        Assert.Empty(await db.ProvisioningLogs.ToListAsync(Ct));
    }

    [Fact]
    public async Task GroupMembersNotProvisioned_AreEachToldWhy_OnTheUsersAndGroupsTab()
    {
        var directory = OnDemandPortal.PilotDirectory(out var groupId, out _);
        await using var portal = await OnDemandPortal.StartAsync(directory);
        await ExcludeAsync(portal, "pilot7@contoso.example");
        await portal.RunCycleAsync();
        // Joined after the cycle: in scope, and not provisioned yet.
        var newcomer = directory.AddUser(new Dictionary<string, object?>
        {
            ["displayName"] = "Pilot User 8", ["userPrincipalName"] = "pilot8@contoso.example", ["mailNickname"] = "pilot8", ["accountEnabled"] = true,
        });
        directory.AddMember(groupId, newcomer);
        await using var context = portal.ComponentContext();

        var cut = context.Render<GroupMembersPanel>(p => p.Add(c => c.ApplicationId, portal.ApplicationId).Add(c => c.JobId, portal.JobId)
            .Add(c => c.GroupId, groupId).Add(c => c.GroupName, "Pilot").Add(c => c.JobIsOn, true));
        cut.WaitForAssertion(() => Assert.Equal(
            "8 users among its 8 direct members (the job does not expand nested groups): 6 with an active account, 0 disabled, 0 failing, 2 not provisioned.",
            cut.Find("[data-testid=group-members-caption]").Words()), TimeSpan.FromSeconds(10));
        await cut.ClickButtonAsync("Why are they not provisioned? Check 2");

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=not-provisioned-why]").Count), TimeSpan.FromSeconds(20));
        var why = cut.FindAll("[data-testid=group-members] tbody tr")
            .Select(r => (Name: r.QuerySelector("td")!.Words(), Why: r.QuerySelector("[data-testid=not-provisioned-why]")?.Words())).ToList();
        Assert.Equal(("Pilot User 7", "Left alone: Does not satisfy any scoping filter."), why[6]);
        Assert.Equal(("Pilot User 8", "Would create: In scope and not found in the target. The next cycle will, or Provision on demand now."), why[7]);
        Assert.All(why.Take(6), w => Assert.Null(w.Why));
        // All checked: the button is gone, and nothing was written.
        Assert.Empty(cut.FindAll("[data-testid=why-not-provisioned]"));
        Assert.Equal(6, portal.Scim.Target.Users.Count);
    }

    [Fact]
    public async Task AssignedUsersNotProvisioned_AreToldWhy_ThoseWithAnAccountAreNotChecked()
    {
        var directory = OnDemandPortal.PilotDirectory(out _, out var members);
        var ann = directory.AddUser(new Dictionary<string, object?>
        {
            ["displayName"] = "Ann Assigned", ["userPrincipalName"] = "ann@contoso.example", ["mailNickname"] = "ann", ["accountEnabled"] = false,
        });
        directory.Assign(SandboxDemoIds.ScimServicePrincipalId, ann, SandboxDemoIds.ScimUserRoleId);
        directory.Assign(SandboxDemoIds.ScimServicePrincipalId, members[0], SandboxDemoIds.ScimUserRoleId);
        await using var portal = await OnDemandPortal.StartAsync(directory);
        await portal.Get<MappingService>().RestoreDefaultsAsync(portal.JobId, Ct);
        await portal.Get<IProvisioningActions>().ProvisionOnDemandAsync(portal.JobId, ObjectKind.User, members[0], cancellationToken: Ct);
        await using var context = portal.ComponentContext();

        var cut = context.Render<UsersAndGroupsTab>(p => p.Add(t => t.ApplicationId, portal.ApplicationId).Add(t => t.JobId, portal.JobId));
        cut.WaitForAssertion(() => Assert.Equal("3 of 3 assignments", cut.Find("[data-testid=assignments-shown]").TextContent), TimeSpan.FromSeconds(10));
        await cut.ClickButtonAsync("Why is it not provisioned? Check");

        cut.WaitForAssertion(() => Assert.Equal(
            "Left alone: Disabled in the source directory (accountEnabled is false).", cut.Find("[data-testid=not-provisioned-why]").Words()), TimeSpan.FromSeconds(20));
        Assert.Contains("Ann Assigned", cut.Find("[data-testid=not-provisioned-why]").Closest("tr")!.TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=why-not-provisioned]"));
    }

    // A scoping filter that leaves out one user of the Pilot group, saved on the default mappings as the Mappings tab does.
    private static async Task ExcludeAsync(OnDemandPortal portal, string userPrincipalName)
    {
        var mappings = portal.Get<MappingService>();
        await mappings.RestoreDefaultsAsync(portal.JobId, Ct);
        var users = (await mappings.LoadAsync(portal.JobId, Ct)).Single(m => m.SourceObject == ObjectKind.User);
        users.ScopingFilters.Add(new ScopingFilter
        {
            Name = "Not the excluded",
            Clauses = [new ScopingFilterClause { SourceAttribute = "userPrincipalName", Operator = "NOT EQUALS", Value = userPrincipalName }],
        });
        await mappings.SaveAsync(users, Ct);
    }
}
