using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Entities;
using Portal.Sandbox.Graph;
using Portal.Web.Features.Applications;
using Portal.Web.Features.Provisioning;

namespace Portal.Web.Tests.Features;

/// <summary>
/// Choosing whom to provision on demand, over the real wire: the assigned first, anyone in the directory by the start
/// of a name, an object id as typed, and what happens to someone found who is not assigned.
/// </summary>
public sealed class OnDemandSearchTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Find_ListsTheAssignedFirst_ThenAnyoneWhoseNameStartsWithTheTerm()
    {
        var directory = OnDemandPortal.PilotDirectory(out var groupId, out var members);
        var pilotLead = directory.AddUser(new Dictionary<string, object?>
        {
            ["displayName"] = "Pilotta Lead", ["userPrincipalName"] = "plead@contoso.example", ["accountEnabled"] = true,
        });
        directory.Assign(SandboxDemoIds.ScimServicePrincipalId, members[0], SandboxDemoIds.ScimUserRoleId);
        await using var portal = await OnDemandPortal.StartAsync(directory);
        var access = portal.Get<DirectoryAccess>();
        var applicationId = portal.ApplicationId;
        var assignments = (await access.ReadAssignmentsAsync(applicationId, Ct)).Assignments;

        var noTerm = await access.FindAsync(applicationId, ObjectKind.User, "", assignments, Ct);
        var byName = await access.FindAsync(applicationId, ObjectKind.User, "pilot", assignments, Ct);
        var byId = await access.FindAsync(applicationId, ObjectKind.User, pilotLead.ToUpperInvariant(), assignments, Ct);
        var groups = await access.FindAsync(applicationId, ObjectKind.Group, "pil", assignments, Ct);
        var nobody = await access.FindAsync(applicationId, ObjectKind.User, "zz-nobody", assignments, Ct);

        Assert.Equal([("Pilot User 1", "User")], noTerm.Picks.Select(p => (p.Name, p.Assignment)));
        Assert.Null(byName.Problem);
        Assert.Equal("Pilot User 1", byName.Picks[0].Name);
        Assert.Equal(8, byName.Picks.Count); // the assigned user once, then the other six and Pilotta
        Assert.Equal(byName.Picks.Count, byName.Picks.Select(p => p.Id).Distinct().Count());
        Assert.All(byName.Picks.Skip(1), p => Assert.Null(p.Assignment));
        Assert.Equal("plead@contoso.example", byName.Picks.Single(p => p.Id == pilotLead).Detail);
        Assert.Equal([pilotLead], byId.Picks.Select(p => p.Id));
        Assert.Equal([(groupId, "Pilot")], groups.Picks.Select(p => (p.Id, p.Name)));
        Assert.Empty(nobody.Picks);
        Assert.Null(nobody.Problem);

        // Found but not assigned (scope "assigned only"): on demand says so, and the target gets nothing.
        var outcome = await portal.Get<IProvisioningActions>().ProvisionOnDemandAsync(portal.JobId, ObjectKind.User, pilotLead, cancellationToken: Ct);
        Assert.True(outcome.Succeeded, outcome.Message);
        Assert.Equal("Skipped: Not assigned to the application.", outcome.Message);
        Assert.Empty(portal.Scim.Target.Users);
    }
}
