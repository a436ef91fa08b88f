using System.Text.Json.Nodes;
using Portal.Data;
using Portal.Data.Entities;
using Portal.Provisioning.Cycles;

namespace Portal.Integration.Tests.Cycles;

/// <summary>
/// The manager is a reference: the target gets the manager's target id, never the directory's object id. A user
/// whose manager is not provisioned yet goes without and gets the reference once the manager is provisioned — in the
/// same cycle when the manager is created later in it, at the next cycle when the manager comes into scope (Entra: only
/// after a restart, reference §1.7).
/// </summary>
public sealed class ManagerReferenceCycleTests
{
    private const string Manager = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager";

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task RunCycle_SendsTheManagersTargetId_AndTheReferenceOnceTheManagerIsProvisioned(DatabaseProvider provider)
    {
        await using var sandbox = await EngineSandbox.StartAsync(provider);
        var (ada, bob, cyd, dan) = (sandbox.AddUser("ada"), sandbox.AddUser("bob"), sandbox.AddUser("cyd"), sandbox.AddUser("dan"));
        sandbox.Directory.SetManager(bob, ada);
        sandbox.Directory.SetManager(ada, bob);
        sandbox.Directory.SetManager(cyd, dan);
        foreach (var id in new[] { ada, bob, cyd })
        {
            sandbox.Directory.Assign(EngineSandbox.Sp, id, EngineSandbox.UserRole);
        }

        var attributes = new List<SyncJobAttribute> { new("userName", "userPrincipalName", Matching: 1), new("displayName", "displayName"), new(Manager, "manager") };
        await sandbox.ConfigureAsync(sandbox.UsersMapped(attributes));

        var initial = await sandbox.RunAsync();

        // Two users managing each other: whichever was created first got its manager in a second export.
        Assert.Equal((3, 0), (initial.Created, initial.Failed));
        var initialUsers = sandbox.TargetUsers();
        Assert.Equal(Id(initialUsers, "bob"), ManagerOf(initialUsers, "ada"));
        Assert.Equal(Id(initialUsers, "ada"), ManagerOf(initialUsers, "bob"));
        Assert.Null(ManagerOf(initialUsers, "cyd"));

        sandbox.Directory.Assign(EngineSandbox.Sp, dan, EngineSandbox.UserRole);
        var danInScope = await sandbox.RunAsync();

        Assert.Equal((1, 1), (danInScope.Created, danInScope.Updated));
        var afterDan = sandbox.TargetUsers();
        Assert.Equal(Id(afterDan, "dan"), ManagerOf(afterDan, "cyd"));

        sandbox.Directory.SetManager(bob, cyd);
        await sandbox.RunAsync();

        Assert.Equal(Id(sandbox.TargetUsers(), "cyd"), ManagerOf(sandbox.TargetUsers(), "bob"));
        Assert.Equal(0, (await sandbox.RunAsync()).Updated);

        // The target answers the manager as a complex value; compared with the links, it holds what was exported.
        var report = await sandbox.Engine.ReconcileAsync(sandbox.TenantId, sandbox.JobId, TestContext.Current.CancellationToken);
        var users = Assert.Single(report.Sections, s => s.Kind == ObjectKind.User);
        Assert.Equal((4, 4), (users.InTarget, users.InStep));
    }

    private static string Id(Dictionary<string, JsonObject> users, string alias) => users[$"{alias}@contoso.example"]["id"]!.GetValue<string>();

    private static string? ManagerOf(Dictionary<string, JsonObject> users, string alias) =>
        users[$"{alias}@contoso.example"]["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"]?["manager"]?["value"]?.GetValue<string>();
}
