using System.Text.Json.Nodes;
using Portal.Data;
using Portal.Data.Entities;

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

        var clean = await sandbox.Engine.ReconcileAsync(sandbox.TenantId, sandbox.JobId, TestContext.Current.CancellationToken);
        var users = Assert.Single(clean.Sections, s => s.Kind == ObjectKind.User);
        Assert.Equal((4, 4, 4, 0, 0, 0), (users.InTarget, users.Linked, users.InStep, users.MissingCount, users.UnmanagedCount, users.DriftedCount));
        Assert.Empty(users.NotCompared);
        var groups = Assert.Single(clean.Sections, s => s.Kind == ObjectKind.Group);
        Assert.Equal((1, 1, 1), (groups.InTarget, groups.Linked, groups.InStep));

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

        var report = await sandbox.Engine.ReconcileAsync(sandbox.TenantId, sandbox.JobId, TestContext.Current.CancellationToken);

        users = Assert.Single(report.Sections, s => s.Kind == ObjectKind.User);
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
        Assert.Equal((1, 1, 0), (groups.InTarget, groups.Linked, groups.MissingCount));
    }
}
