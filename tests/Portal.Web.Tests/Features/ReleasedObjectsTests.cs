using System.Text.Json.Nodes;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Portal.Data.Entities;
using Portal.Sandbox.Graph;
using Portal.Web.Audit;
using Portal.Web.Components.Pages.Applications;
using Portal.Web.Features.Provisioning;
using Portal.Web.Identity;
using Portal.Web.Tests.Components;

namespace Portal.Web.Tests.Features;

/// <summary>
/// "Stop managing" over the real wire (Graph emulator, sandbox SCIM target): the account stays in the target as it was
/// while the directory changes it and takes it out of scope; "Manage again" matches it anew and brings it in step.
/// </summary>
public sealed class ReleasedObjectsTests
{
    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    [Fact]
    public async Task AReleasedUser_IsLeftAsItIs_InScopeOrNot_UntilManagedAgain()
    {
        var directory = OnDemandPortal.PilotDirectory(out var groupId, out var members);
        await using var portal = await OnDemandPortal.StartAsync(directory);
        await portal.ProvisionAsync();
        var releases = portal.Get<ReleasedObjects>();
        var account = Account(portal, "pilot1@contoso.example");

        Assert.True(await releases.StopManagingAsync(portal.JobId, ObjectKind.User, members[0], "Pilot User 1", Ct));
        Assert.False(await releases.StopManagingAsync(portal.JobId, ObjectKind.User, members[0], "Pilot User 1", Ct));
        // A cycle that had read the job before the release may write the link again: the next cycle drops it.
        await using (var db = portal.CreateContext())
        {
            db.LinkedObjects.Add(new LinkedObject { JobId = portal.JobId, Kind = ObjectKind.User, SourceId = members[0], TargetId = (string)JsonNode.Parse(account)!["id"]! });
            await db.SaveChangesAsync(Ct);
        }

        directory.UpdateUser(members[0], new Dictionary<string, object?> { ["surname"] = "Renamed" });
        directory.UpdateUser(members[1], new Dictionary<string, object?> { ["surname"] = "Renamed" });
        await portal.RunCycleAsync();

        // The released account kept what it had; the managed one followed the directory.
        Assert.Equal(account, Account(portal, "pilot1@contoso.example"));
        Assert.Equal("Renamed", FamilyName(portal, "pilot2@contoso.example"));
        await using (var db = portal.CreateContext())
        {
            // No link to the account: it is the target's own, as Reconciliation lists it.
            Assert.False(await db.LinkedObjects.AnyAsync(l => l.SourceId == members[0] && l.TargetId != null, Ct));
            var audit = await db.AuditEvents.SingleAsync(e => e.Activity == AuditActivities.StopManaging, Ct);
            Assert.Contains("Pilot User 1", audit.ChangesJson, StringComparison.Ordinal);
        }

        var compared = await portal.Get<IProvisioningActions>().ReconcileAsync(portal.JobId, cancellationToken: Ct);
        Assert.Contains(compared.Report!.Sections.Single(s => s.Kind == ObjectKind.User).Unmanaged, u => u.TargetId == (string)JsonNode.Parse(account)!["id"]!);

        // Leaving the group takes it out of scope: still no disable.
        directory.RemoveMember(groupId, members[0]);
        await portal.RunCycleAsync();
        Assert.Equal(account, Account(portal, "pilot1@contoso.example"));
        var released = Assert.Single(await releases.ListAsync(portal.JobId, Ct));
        Assert.Equal(("Pilot User 1", "Adele Admin"), (released.DisplayName, released.ReleasedBy));

        // Managed again while back in the group: matched by userName, linked and brought in step at the next cycle.
        directory.AddMember(groupId, members[0]);
        Assert.True(await releases.ManageAgainAsync(portal.JobId, ObjectKind.User, members[0], Ct));
        await portal.RunCycleAsync();
        Assert.Equal("Renamed", FamilyName(portal, "pilot1@contoso.example"));
        Assert.Equal(7, portal.Scim.Target.Users.Count);
        await using (var db = portal.CreateContext())
        {
            Assert.True(await db.LinkedObjects.AnyAsync(l => l.SourceId == members[0] && l.TargetId != null, Ct));
        }

        Assert.Empty(await releases.ListAsync(portal.JobId, Ct));
    }

    [Fact]
    public async Task OnlyASignedInTenantAdmin_StopsManagingOrManagesAgain()
    {
        var directory = OnDemandPortal.PilotDirectory(out _, out var members);
        await using var portal = await OnDemandPortal.StartAsync(directory);
        await using var helpDesk = portal.SignedInAs(PortalRoles.HelpDesk);
        var releases = helpDesk.ServiceProvider.GetRequiredService<ReleasedObjects>();

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => releases.StopManagingAsync(portal.JobId, ObjectKind.User, members[0], null, Ct));

        Assert.Equal("Only tenant admins, signed in, can stop managing a user or group.", refused.Message);
        await Assert.ThrowsAsync<InvalidOperationException>(() => releases.ManageAgainAsync(portal.JobId, ObjectKind.User, members[0], Ct));
        Assert.Empty(await releases.ListAsync(portal.JobId, Ct));
    }

    [Fact]
    public async Task OnTheUsersAndGroupsTab_AnAdminStopsManagingAUser_AfterConfirming_AndManagesItAgain()
    {
        var directory = OnDemandPortal.PilotDirectory(out _, out var members);
        var ann = directory.AddUser(new Dictionary<string, object?> { ["displayName"] = "Ann Assigned", ["userPrincipalName"] = "ann@contoso.example", ["accountEnabled"] = true });
        directory.Assign(SandboxDemoIds.ScimServicePrincipalId, ann, SandboxDemoIds.ScimUserRoleId);
        await using var portal = await OnDemandPortal.StartAsync(directory);
        await using var context = portal.ComponentContext();
        var dialogs = context.Render<MudDialogProvider>();
        var cut = context.Render<UsersAndGroupsTab>(p => p.Add(t => t.ApplicationId, portal.ApplicationId).Add(t => t.JobId, portal.JobId).Add(t => t.CanEdit, true));
        cut.WaitForAssertion(() => Assert.Equal("2 of 2 assignments", cut.Find("[data-testid=assignments-shown]").TextContent), TimeSpan.FromSeconds(10));

        await cut.ClickButtonAsync("Stop managing Ann Assigned, leaving its account as it is");
        dialogs.WaitForAssertion(() => Assert.Contains("stays exactly as it is now", dialogs.Markup, StringComparison.Ordinal));
        await dialogs.ClickButtonAsync("Stop managing");

        cut.WaitForAssertion(() => Assert.StartsWith("No longer managed since", cut.Find("[data-testid=released]").Words(), StringComparison.Ordinal));
        Assert.Equal(ann, Assert.Single(await portal.Get<ReleasedObjects>().ListAsync(portal.JobId, Ct)).SourceId);
        // Kept in sight on the Overview, as nothing deprovisions it any more.
        var overview = context.Render<ApplicationOverviewTab>(p => p.Add(t => t.JobId, portal.JobId));
        overview.WaitForAssertion(() => Assert.Equal(
            "Ann Assigned: left as they are, never deprovisioned, until managed again on the Users and groups tab",
            overview.Find("[data-testid=no-longer-managed]").Words()), TimeSpan.FromSeconds(10));
        Assert.Empty(cut.FindAll("button[aria-label='Stop managing Ann Assigned, leaving its account as it is']"));

        await cut.ClickButtonAsync("Manage Ann Assigned again");
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=released]")));
        Assert.Empty(await portal.Get<ReleasedObjects>().ListAsync(portal.JobId, Ct));

        // A member of an assigned group, from the group's member list.
        await cut.ClickButtonAsync("Show the members of Pilot");
        cut.WaitForAssertion(() => cut.ButtonNamed("Stop managing Pilot User 2, leaving its account as it is"), TimeSpan.FromSeconds(10));
        await cut.ClickButtonAsync("Stop managing Pilot User 2, leaving its account as it is");
        await dialogs.ClickButtonAsync("Stop managing");
        cut.WaitForAssertion(() => Assert.EndsWith("0 failing, 6 not provisioned, 1 no longer managed.", cut.Find("[data-testid=group-members-caption]").Words(), StringComparison.Ordinal),
            TimeSpan.FromSeconds(10));
        Assert.Equal(members[1], Assert.Single(await portal.Get<ReleasedObjects>().ListAsync(portal.JobId, Ct)).SourceId);
    }

    private static string Account(OnDemandPortal portal, string userName) =>
        portal.Scim.Target.Users.Single(u => (string)u["userName"]! == userName).ToJsonString();

    private static string? FamilyName(OnDemandPortal portal, string userName) =>
        (string?)portal.Scim.Target.Users.Single(u => (string)u["userName"]! == userName)["name"]?["familyName"];
}
