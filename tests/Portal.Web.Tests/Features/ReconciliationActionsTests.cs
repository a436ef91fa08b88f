using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Entities;
using Portal.Provisioning.Reconciliation;
using Portal.Web.Audit;
using Portal.Web.Features.Provisioning;
using Portal.Web.Identity;

namespace Portal.Web.Tests.Features;

/// <summary>
/// The Reconciliation tab's actions over the real wire: an account deleted in the target by hand is found missing, a
/// help-desk user cannot put it back, a tenant admin can, and the audit log names who did.
/// </summary>
public sealed class ReconciliationActionsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task MissingAccount_IsFound_AndPutBackByATenantAdminOnly()
    {
        var directory = OnDemandPortal.PilotDirectory(out _, out var members);
        await using var portal = await OnDemandPortal.StartAsync(directory);
        var actions = portal.Get<IProvisioningActions>();
        Assert.True((await actions.ProvisionOnDemandAsync(portal.JobId, ObjectKind.User, members[0], cancellationToken: Ct)).Succeeded);
        var clean = await actions.ReconcileAsync(portal.JobId, cancellationToken: Ct);
        Assert.True(clean.Succeeded, clean.Message);
        Assert.Equal("The target holds every linked object as the portal last exported it, and nothing else: 1 user and 0 groups.", clean.Message);

        var id = Assert.Single(portal.Scim.Target.Users)["id"]!.GetValue<string>();
        portal.Scim.Target.DeleteUser(id);

        var found = await actions.ReconcileAsync(portal.JobId, cancellationToken: Ct);
        Assert.True(found.Succeeded, found.Message);
        Assert.Equal("Users: 1 missing from it.", found.Message);
        var missing = Assert.Single(Assert.Single(found.Report!.Sections, s => s.Kind == ObjectKind.User).Missing);
        Assert.Equal(("Pilot User 1", id), (missing.DisplayName, missing.TargetId));
        RepairRequest[] putBack = [new(ObjectKind.User, missing.SourceId, [])];

        await using (var helpDesk = portal.SignedInAs(PortalRoles.HelpDesk))
        {
            var refused = await helpDesk.ServiceProvider.GetRequiredService<IProvisioningActions>().RepairAsync(portal.JobId, putBack, Ct);
            Assert.Equal((false, "Only tenant admins can put objects in the target back."), (refused.Succeeded, refused.Message));
            Assert.Empty(portal.Scim.Target.Users);
        }

        var repaired = await actions.RepairAsync(portal.JobId, putBack, Ct);

        Assert.True(repaired.Succeeded, repaired.Message);
        Assert.Equal("1 object put back; the provisioning logs have each change.", repaired.Message);
        Assert.Equal([("Pilot User 1", "Create", "Success")], repaired.Objects.Select(o => (o.DisplayName, o.Action, o.Status)));
        Assert.Equal("pilot1@contoso.example", Assert.Single(portal.Scim.Target.Users)["userName"]!.GetValue<string>());
        await using var db = portal.CreateContext();
        var audit = await db.AuditEvents.AsNoTracking().SingleAsync(e => e.Activity == AuditActivities.RepairTargetObjects, Ct);
        Assert.Equal("Adele Admin", audit.ActorName);
    }

    [Fact]
    public async Task CsvExport_ListsEveryDifference_ForHelpDeskToo()
    {
        var directory = OnDemandPortal.PilotDirectory(out _, out var members);
        await using var portal = await OnDemandPortal.StartAsync(directory);
        foreach (var member in members.Take(2))
        {
            Assert.True((await portal.Get<IProvisioningActions>().ProvisionOnDemandAsync(portal.JobId, ObjectKind.User, member, cancellationToken: Ct)).Succeeded);
        }

        var first = portal.Scim.Target.Users.Single(u => u["userName"]!.GetValue<string>() == "pilot1@contoso.example")["id"]!.GetValue<string>();
        portal.Scim.Target.DeleteUser(first);
        using var helpDesk = await portal.CreateClientAsync(PortalRoles.HelpDesk);

        using var response = await helpDesk.GetAsync($"/reconciliation/{portal.JobId}/csv", Ct);

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync(Ct)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("Type,Difference,Name,Source id,Target id,Attribute,Last exported,In the target", lines[0]);
        Assert.Equal([$"User,Missing from the target,Pilot User 1,{members[0]},{first},,,"], lines[1..]);
        var notSetUp = await helpDesk.GetAsync($"/reconciliation/{Guid.NewGuid()}/csv", Ct);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, notSetUp.StatusCode);
    }

    [Fact]
    public async Task Repair_RefusesNoneOrTooManyObjects()
    {
        await using var portal = await OnDemandPortal.StartAsync(OnDemandPortal.PilotDirectory(out _, out _));
        var actions = portal.Get<IProvisioningActions>();
        var tooMany = Enumerable.Range(0, 51).Select(i => new RepairRequest(ObjectKind.User, $"user-{i}", [])).ToList();

        var none = await actions.RepairAsync(portal.JobId, [], Ct);
        var many = await actions.RepairAsync(portal.JobId, tooMany, Ct);

        Assert.Equal((false, "Choose 1 to 50 objects; 0 were chosen."), (none.Succeeded, none.Message));
        Assert.Equal((false, "Choose 1 to 50 objects; 51 were chosen."), (many.Succeeded, many.Message));
    }
}
