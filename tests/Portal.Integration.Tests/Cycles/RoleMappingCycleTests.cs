using System.Text.Json.Nodes;
using Portal.Data;
using Portal.Data.Entities;
using Portal.Provisioning.Cycles;

namespace Portal.Integration.Tests.Cycles;

/// <summary>
/// The assigned app role flows to the target through the role functions, and a changed assignment — which Graph's
/// delta does not report — reaches the target at the next cycle.
/// </summary>
public sealed class RoleMappingCycleTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task RunCycle_SendsTheAssignedRole_AndTheNewOneWhenTheAssignmentChanges(DatabaseProvider provider)
    {
        await using var sandbox = await EngineSandbox.StartAsync(provider);
        var (ada, bob) = (sandbox.AddUser("ada"), sandbox.AddUser("bob"));
        sandbox.Directory.Assign(EngineSandbox.Sp, ada, EngineSandbox.UserRole);
        sandbox.Directory.Assign(EngineSandbox.Sp, bob, EngineSandbox.AdminRole);
        var attributes = new List<SyncJobAttribute>
        {
            new("userName", "userPrincipalName", Matching: 1),
            new("title", "SingleAppRoleAssignment([appRoleAssignments])", MappingType.Expression),
            new("roles", "AssertiveAppRoleAssignmentsComplex([appRoleAssignments])", MappingType.Expression),
        };
        await sandbox.ConfigureAsync(sandbox.UsersMapped(attributes));

        await sandbox.RunAsync();
        Assert.Equal(("User", "User"), Roles(sandbox, "ada"));
        Assert.Equal(("Admin", "Admin"), Roles(sandbox, "bob"));
        // RFC 7643's role object, not Entra's JSON text of one.
        var role = sandbox.TargetUsers()["bob@contoso.example"]["roles"]![0]!.AsObject();
        Assert.Equal(("Admin", "WindowsAzureActiveDirectoryRole", false), (role["display"]?.GetValue<string>(), role["type"]?.GetValue<string>(), role["primary"]?.GetValue<bool>()));

        sandbox.Unassign(ada);
        sandbox.Directory.Assign(EngineSandbox.Sp, ada, EngineSandbox.AdminRole);
        var changed = await sandbox.RunAsync();

        Assert.Equal((1, 0), (changed.Updated, changed.Failed));
        Assert.Equal(("Admin", "Admin"), Roles(sandbox, "ada"));
        Assert.Equal(0, (await sandbox.RunAsync()).Updated);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task RunCycle_OnlyAddsRoles_WithTheNonAssertiveFunction_AndKeepsRolesAddedInTheTarget(DatabaseProvider provider)
    {
        await using var sandbox = await EngineSandbox.StartAsync(provider);
        var ada = sandbox.AddUser("ada");
        sandbox.Directory.Assign(EngineSandbox.Sp, ada, EngineSandbox.UserRole);
        var attributes = new List<SyncJobAttribute>
        {
            new("userName", "userPrincipalName", Matching: 1),
            new("roles", "AppRoleAssignmentsComplex([appRoleAssignments])", MappingType.Expression),
        };
        await sandbox.ConfigureAsync(sandbox.UsersMapped(attributes));
        await sandbox.RunAsync();
        var id = sandbox.TargetUsers()["ada@contoso.example"]["id"]!.GetValue<string>();
        await sandbox.SendToTargetAsync(HttpMethod.Patch, $"Users/{id}", JsonNode.Parse(
            """{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"add","path":"roles","value":[{"value":"Auditor"}]}]}"""));

        sandbox.Unassign(ada);
        sandbox.Directory.Assign(EngineSandbox.Sp, ada, EngineSandbox.AdminRole);
        var changed = await sandbox.RunAsync();

        // As Entra's PATCH "add": the new role joins; the unassigned one and the one added by hand stay.
        Assert.Equal((1, 0), (changed.Updated, changed.Failed));
        Assert.Equal((null, "Admin,Auditor,User"), (Roles(sandbox, "ada").Title, string.Join(",", Roles(sandbox, "ada").Roles.Split(',').Order())));
        Assert.Equal(0, (await sandbox.RunAsync()).Updated);
        var report = await sandbox.Engine.ReconcileAsync(sandbox.TenantId, sandbox.JobId, TestContext.Current.CancellationToken);
        Assert.Equal(1, Assert.Single(report.Sections, s => s.Kind == ObjectKind.User).InStep);
    }

    // The title and the role objects' values, comma-separated.
    private static (string? Title, string Roles) Roles(EngineSandbox sandbox, string alias)
    {
        var user = sandbox.TargetUsers()[$"{alias}@contoso.example"];
        return (user["title"]?.GetValue<string>(), string.Join(",", (user["roles"] as JsonArray ?? []).Select(r => r?["value"]?.GetValue<string>())));
    }
}
