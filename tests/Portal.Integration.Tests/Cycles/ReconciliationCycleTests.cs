using System.Text.Json.Nodes;
using Portal.Data;
using Portal.Data.Entities;
using Portal.Provisioning.Reconciliation;

namespace Portal.Integration.Tests.Cycles;

/// <summary>
/// The target compared with the connector data store after someone changed it by hand over its SCIM API: an account
/// deleted, one created, one edited, one re-enabled after the portal disabled it.
/// </summary>
public sealed class ReconciliationCycleTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Reconcile_FindsMissingUnmanagedAndEditedAccounts(DatabaseProvider provider)
    {
        await using var sandbox = await EngineSandbox.StartAsync(provider);
        var (ids, bob, cy, dee, _) = await ProvisionAndEditTheTargetAsync(sandbox);

        var report = await sandbox.Engine.ReconcileAsync(sandbox.TenantId, sandbox.JobId, TestContext.Current.CancellationToken);

        var users = Assert.Single(report.Sections, s => s.Kind == ObjectKind.User);
        Assert.Equal((4, 4, 1, 1, 1, 2), (users.InTarget, users.Linked, users.InStep, users.MissingCount, users.UnmanagedCount, users.DriftedCount));
        var missing = Assert.Single(users.Missing);
        Assert.Equal((bob, "User bob", ids["bob@contoso.example"], LinkState.Active), (missing.SourceId, missing.DisplayName, missing.TargetId, missing.State));
        var stray = Assert.Single(users.Unmanaged);
        Assert.Equal(("Stray Account", true), (stray.DisplayName, stray.Active));
        Assert.Equal([cy, dee], users.Drifted.Select(d => d.SourceId));
        // A user name that only changed case is the same account: not a drift.
        var edited = Assert.Single(users.Drifted[0].Attributes);
        Assert.Equal(("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department", "Sales", "Marketing"), (edited.Name, edited.Exported, edited.InTarget));
        var enabled = Assert.Single(users.Drifted[1].Attributes);
        Assert.Equal(("active", "false", "true"), (enabled.Name, enabled.Exported, enabled.InTarget));
        var groups = Assert.Single(report.Sections, s => s.Kind == ObjectKind.Group);
        Assert.Equal((1, 1, 0, 0), (groups.InTarget, groups.Linked, groups.InStep, groups.MissingCount));
        var members = Assert.Single(Assert.Single(groups.Drifted).Attributes);
        Assert.Equal(("members", "1 member", "1 member; missing: User ann; added in the target: User cy"), (members.Name, members.Exported, members.InTarget));
    }

    [Fact]
    public async Task Repair_PutsBackTheDirectorysValues_AndRecreatesTheMissing()
    {
        await using var sandbox = await EngineSandbox.StartAsync(DatabaseProvider.Sqlite);
        var (ids, bob, cy, dee, team) = await ProvisionAndEditTheTargetAsync(sandbox);
        var report = await sandbox.Engine.ReconcileAsync(sandbox.TenantId, sandbox.JobId, TestContext.Current.CancellationToken);
        var requests = report.Sections.SelectMany(s => s.Repairs()).ToList();

        var repaired = await sandbox.Engine.RepairAsync(sandbox.TenantId, sandbox.JobId, requests, TestContext.Current.CancellationToken);

        Assert.Equal("Success", repaired.Result);
        // dee is disabled in the directory: enabled again by hand, disabled again. The group itself is as exported (left
        // alone, "Other"); its members are updated.
        Assert.Equivalent(new[]
            {
                (bob, ProvisioningAction.Create), (cy, ProvisioningAction.Update), (dee, ProvisioningAction.Disable),
                (team, ProvisioningAction.Other), (team, ProvisioningAction.Update),
            },
            repaired.Objects.Select(o => (o.SourceId, o.Action)), strict: true);
        var target = sandbox.TargetUsers();
        Assert.NotEqual(ids["bob@contoso.example"], target["bob@contoso.example"]["id"]!.GetValue<string>());
        Assert.Equal("Sales", EngineSandbox.Department(target["cy@contoso.example"]));
        Assert.False(EngineSandbox.Active(target["dee@contoso.example"]));
        // The group's members are the directory's again: ann back, cy (not a member in the directory) out.
        Assert.Equal([target["ann@contoso.example"]["id"]!.GetValue<string>()],
            Assert.Single(sandbox.Scim.Target.Groups)["members"]!.AsArray().Select(m => m!["value"]!.GetValue<string>()));
        // Logged as provision on demand is.
        Assert.Equal(4, (await sandbox.LogsAsync(repaired.CycleId)).Count(l => l.Action != ProvisioningAction.Other));

        var after = await sandbox.Engine.ReconcileAsync(sandbox.TenantId, sandbox.JobId, TestContext.Current.CancellationToken);
        var users = Assert.Single(after.Sections, s => s.Kind == ObjectKind.User);
        Assert.Equal((5, 4, 4, 0, 1, 0), (users.InTarget, users.Linked, users.InStep, users.MissingCount, users.UnmanagedCount, users.DriftedCount));
        Assert.Equal(1, Assert.Single(after.Sections, s => s.Kind == ObjectKind.Group).InStep);
    }

    [Fact]
    public async Task Reconcile_ComparesEveryPageOfALargeTarget_WithTheValuesItsLinksExported()
    {
        await using var sandbox = await EngineSandbox.StartAsync(DatabaseProvider.Sqlite);
        // More users than the comparison reads exported values for at once, so the last page is read on its own.
        var users = Enumerable.Range(0, 620).Select(i => sandbox.AddUser($"user{i:D3}")).ToList();
        var file = sandbox.JobFile();
        await sandbox.ConfigureAsync(file with { Source = file.Source with { Scope = ProvisioningScope.All } });
        Assert.Equal(users.Count, (await sandbox.RunAsync()).Created);

        foreach (var account in sandbox.Scim.Target.Users)
        {
            sandbox.Scim.Target.SetUserActive(account["id"]!.GetValue<string>(), false);
        }

        var report = await sandbox.Engine.ReconcileAsync(sandbox.TenantId, sandbox.JobId, TestContext.Current.CancellationToken);

        var section = Assert.Single(report.Sections, s => s.Kind == ObjectKind.User);
        Assert.Equal((620, 620, 0, 620), (section.InTarget, section.Linked, section.InStep, section.DriftedCount));
        Assert.Equal(ReconciliationSection.MaxListed, section.Drifted.Count);
        Assert.All(section.Drifted, d => Assert.Equal([new DriftedAttribute("active", "true", "false")], d.Attributes));
    }

    private static async Task AssertInStepAsync(EngineSandbox sandbox, int users)
    {
        var clean = await sandbox.Engine.ReconcileAsync(sandbox.TenantId, sandbox.JobId, TestContext.Current.CancellationToken);
        var section = Assert.Single(clean.Sections, s => s.Kind == ObjectKind.User);
        Assert.Equal((users, users, users, 0, 0, 0), (section.InTarget, section.Linked, section.InStep, section.MissingCount, section.UnmanagedCount, section.DriftedCount));
        Assert.Empty(section.NotCompared);
        var groups = Assert.Single(clean.Sections, s => s.Kind == ObjectKind.Group);
        Assert.Equal((1, 1, 1), (groups.InTarget, groups.Linked, groups.InStep));
    }

    /// <summary>
    /// Provisions four users and a group, has the portal disable dee, checks the target is in step, then over the target's
    /// own API deletes bob, creates an account no one assigned, changes cy's department (and the case of its user name),
    /// enables dee again, and in the group swaps its member ann for cy.
    /// </summary>
    private static async Task<(Dictionary<string, string> Ids, string Bob, string Cy, string Dee, string Team)> ProvisionAndEditTheTargetAsync(
        EngineSandbox sandbox)
    {
        var (ann, bob, cy, dee) = (sandbox.AddUser("ann"), sandbox.AddUser("bob"), sandbox.AddUser("cy"), sandbox.AddUser("dee"));
        foreach (var user in new[] { ann, bob, cy, dee })
        {
            sandbox.Directory.Assign(EngineSandbox.Sp, user, EngineSandbox.UserRole);
        }

        var team = sandbox.Directory.AddGroup(new Dictionary<string, object?> { ["displayName"] = "Team", ["securityEnabled"] = true });
        sandbox.Directory.AddMember(team, ann);
        sandbox.Directory.Assign(EngineSandbox.Sp, team, EngineSandbox.UserRole);
        await sandbox.ConfigureAsync();
        await sandbox.RunAsync();
        sandbox.Directory.UpdateUser(dee, new Dictionary<string, object?> { ["accountEnabled"] = false });
        Assert.Equal(1, (await sandbox.RunAsync()).Disabled);

        await AssertInStepAsync(sandbox, users: 4);

        var ids = sandbox.TargetUsers().ToDictionary(p => p.Key, p => p.Value["id"]!.GetValue<string>());
        await sandbox.SendToTargetAsync(HttpMethod.Delete, $"Users/{ids["bob@contoso.example"]}");
        await sandbox.SendToTargetAsync(HttpMethod.Post, "Users", JsonNode.Parse("""
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"stray@contoso.example","displayName":"Stray Account","active":true}
            """));
        await sandbox.SendToTargetAsync(HttpMethod.Patch, $"Users/{ids["cy@contoso.example"]}", JsonNode.Parse("""
            {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[
              {"op":"replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department","value":"Marketing"},
              {"op":"replace","path":"userName","value":"CY@contoso.example"}]}
            """));
        await sandbox.SendToTargetAsync(HttpMethod.Patch, $"Users/{ids["dee@contoso.example"]}", JsonNode.Parse("""
            {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"active","value":true}]}
            """));
        var teamId = Assert.Single(sandbox.Scim.Target.Groups)["id"]!.GetValue<string>();
        await sandbox.SendToTargetAsync(HttpMethod.Patch, $"Groups/{teamId}", JsonNode.Parse($$"""
            {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[
              {"op":"remove","path":"members[value eq \"{{ids["ann@contoso.example"]}}\"]"},
              {"op":"add","path":"members","value":[{"value":"{{ids["cy@contoso.example"]}}"}]}]}
            """));

        return (ids, bob, cy, dee, team);
    }
}
