using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Entities;
using Portal.Sandbox.Graph;
using Portal.Web.Audit;
using Portal.Web.Features.Applications;
using Portal.Web.Identity;
using Portal.Web.Jobs;

namespace Portal.Web.Tests.Features;

/// <summary>
/// Tenant admins assign users and groups to the application from its Users and groups tab, over the real wire: Graph's
/// appRoleAssignedTo in the emulator changes, the change is audited, and a job that is On provisions the account at once.
/// </summary>
public sealed class AssignFromPortalTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Admin_AssignsAndUnassigns_ThroughGraph_Audited_AndAJobThatIsOnProvisionsAtOnce()
    {
        var directory = OnDemandPortal.PilotDirectory(out _, out _);
        OnDemandPortal.AddOutsiders(directory, 2);
        await using var portal = await OnDemandPortal.StartAsync(directory);
        await portal.ProvisionAsync();
        await SwitchOnAsync(portal);
        var access = portal.Get<DirectoryAccess>();
        var read = await access.ReadAssignmentsAsync(portal.ApplicationId, Ct);
        var outsiders = (await access.FindAsync(portal.ApplicationId, ObjectKind.User, "Outside", read.Assignments, Ct)).Picks.OrderBy(p => p.Name).ToList();
        var outsider = outsiders[0];
        var role = read.Roles.Single(r => r.Value == "User");

        var assigned = await access.AssignAsync(portal.ApplicationId, [.. outsiders.Select(o => new DirectoryPrincipal(ObjectKind.User, o))], role, Ct);

        Assert.True(assigned.Succeeded, assigned.Message);
        Assert.Equal("Outside User 1, Outside User 2 are assigned as User. A cycle has started to bring the application in step; the Overview tab shows it.", assigned.Message);
        Assert.Null(read.MayAssign);
        Assert.True((await access.ReadAssignmentsAsync(portal.ApplicationId, Ct)).MayAssign);
        Assert.Contains(directory.Assignments(SandboxDemoIds.ScimServicePrincipalId), a => a.PrincipalId == outsider.Id && a.AppRoleId == role.Id);
        var cycle = await WaitForAsync(portal, db => db.Cycles.AsNoTracking()
            .FirstOrDefaultAsync(c => c.StartedBy == nameof(CycleTrigger.AssignmentChange) && c.State != CycleState.Running, Ct));
        Assert.Equal((CycleState.Succeeded, 2), (cycle.State, cycle.Created));
        Assert.Contains(portal.Scim.Target.Users, u => u["userName"]!.GetValue<string>() == "outside1@contoso.example");

        // The tab shows who has an account beside who is assigned.
        var accounts = portal.Get<Portal.Web.Features.Provisioning.ProvisionedAccounts>();
        Assert.Equal(LinkState.Active, (await accounts.StatusesAsync(portal.JobId, [outsider.Id], Ct))[outsider.Id].State);

        // The same role twice: Graph refuses that one, and the admin reads why; the other is assigned all the same.
        var admin = read.Roles.Single(r => r.Value == "Admin");
        var again = await access.AssignAsync(portal.ApplicationId,
            [new DirectoryPrincipal(ObjectKind.User, outsider), new DirectoryPrincipal(ObjectKind.User, outsiders[1])], role, Ct);
        Assert.False(again.Succeeded);
        Assert.Empty(again.Assigned);
        Assert.Equal([outsider.Id, outsiders[1].Id], again.Failed);
        Assert.Equal("Outside User 1: Assigning failed: that user or group already has this role in the application. "
            + "Outside User 2: Assigning failed: that user or group already has this role in the application.", again.Message);
        var promoted = await access.AssignAsync(portal.ApplicationId, [new DirectoryPrincipal(ObjectKind.User, outsiders[1])], admin, Ct);
        Assert.Equal([outsiders[1].Id], promoted.Assigned);

        var view = (await access.ReadAssignmentsAsync(portal.ApplicationId, Ct)).Assignments.Single(a => a.PrincipalId == outsider.Id);
        var removed = await access.UnassignAsync(portal.ApplicationId, view, Ct);

        Assert.True(removed.Succeeded, removed.Message);
        Assert.DoesNotContain(directory.Assignments(SandboxDemoIds.ScimServicePrincipalId), a => a.PrincipalId == outsider.Id);
        await WaitForAsync(portal, db => db.LinkedObjects.AsNoTracking()
            .FirstOrDefaultAsync(l => l.SourceId == outsider.Id && l.State == LinkState.Disabled, Ct));
        Assert.False(portal.Scim.Target.Users.Single(u => u["userName"]!.GetValue<string>() == "outside1@contoso.example")["active"]!.GetValue<bool>());
        Assert.Equal(LinkState.Disabled, (await accounts.StatusesAsync(portal.JobId, [outsider.Id], Ct))[outsider.Id].State);

        await using var db = portal.CreateContext();
        var audited = await db.AuditEvents.AsNoTracking().Where(e => e.TargetId == portal.ApplicationId.ToString()).OrderBy(e => e.Id).ToListAsync(Ct);
        var (grant, revoke) = (audited.First(e => e.Activity == AuditActivities.AssignToApplication), audited.Single(e => e.Activity == AuditActivities.UnassignFromApplication));
        Assert.Equal(3, audited.Count(e => e.Activity == AuditActivities.AssignToApplication));
        Assert.Contains($"user Outside User 1 ({outsider.Id}) as User", grant.ChangesJson, StringComparison.Ordinal);
        Assert.Contains(view.AssignmentId!, revoke.ChangesJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HelpDeskIsRefused_AndAnAppRegistrationWithoutThePermission_IsToldWhichOneToGrant()
    {
        var directory = OnDemandPortal.PilotDirectory(out _, out _);
        OnDemandPortal.AddOutsiders(directory, 1);
        // The portal's app registration with the reads only.
        directory.RegisterClient(new SandboxClient(SandboxDemoIds.ClientId, SandboxDemoIds.ClientSecret, SandboxGraphPermissions.All));
        await using var portal = await OnDemandPortal.StartAsync(directory);
        var access = portal.Get<DirectoryAccess>();
        var read = await access.ReadAssignmentsAsync(portal.ApplicationId, Ct);
        var outsider = new DirectoryPrincipal(ObjectKind.User, Assert.Single((await access.FindAsync(portal.ApplicationId, ObjectKind.User, "Outside", read.Assignments, Ct)).Picks));
        var role = read.Roles.Single(r => r.Value == "User");

        await using (var helpDesk = portal.SignedInAs(PortalRoles.HelpDesk))
        {
            var refused = await helpDesk.ServiceProvider.GetRequiredService<DirectoryAccess>().AssignAsync(portal.ApplicationId, [outsider], role, Ct);
            Assert.Equal((false, "Only tenant admins can assign users and groups."), (refused.Succeeded, refused.Message));
            var notRemoved = await helpDesk.ServiceProvider.GetRequiredService<DirectoryAccess>().UnassignAsync(portal.ApplicationId, read.Assignments[0], Ct);
            Assert.Equal((false, "Only tenant admins can remove assignments."), (notRemoved.Succeeded, notRemoved.Message));
        }

        var typo = await access.AssignAsync(portal.ApplicationId, [new DirectoryPrincipal(ObjectKind.User, new DirectoryPick("not-an-id", null, null, null))], role, Ct);
        Assert.Equal("not-an-id: Assigning failed: 'not-an-id' is not the object id of a user or group.", typo.Message);
        var denied = await access.AssignAsync(portal.ApplicationId, [outsider], role, Ct);

        Assert.False(denied.Succeeded);
        Assert.StartsWith("Outside User 1: Assigning was denied (403). The app registration lacks the Microsoft Graph application permission AppRoleAssignment.ReadWrite.All.",
            denied.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(directory.Assignments(SandboxDemoIds.ScimServicePrincipalId), a => a.PrincipalId == outsider.Pick.Id);
        await using var db = portal.CreateContext();
        Assert.False(await db.AuditEvents.AnyAsync(e => e.Activity == AuditActivities.AssignToApplication, Ct));
        // Learnt: the tab says so before the next try.
        Assert.False((await access.ReadAssignmentsAsync(portal.ApplicationId, Ct)).MayAssign);
    }

    private static async Task SwitchOnAsync(OnDemandPortal portal)
    {
        await using var db = portal.CreateContext();
        (await db.ProvisioningJobs.SingleAsync(j => j.Id == portal.JobId, Ct)).Status = ProvisioningStatus.On;
        await db.SaveChangesAsync(Ct);
    }

    private static async Task<T> WaitForAsync<T>(OnDemandPortal portal, Func<Portal.Data.PortalDbContext, Task<T?>> query)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            await using (var db = portal.CreateContext())
            {
                if (await query(db) is { } found)
                {
                    return found;
                }
            }

            Assert.True(DateTime.UtcNow < deadline, "Timed out waiting for the cycle.");
            await Task.Delay(200, Ct);
        }
    }
}
