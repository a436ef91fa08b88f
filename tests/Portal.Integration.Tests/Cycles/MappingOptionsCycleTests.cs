using Portal.Data;
using Portal.Data.Entities;
using Portal.Provisioning.Cycles;

namespace Portal.Integration.Tests.Cycles;

/// <summary>
/// The per-mapping options end to end, through Graph's delta and the strict SCIM target: a default value on create,
/// a mapping applied only on create, and the opt-in clearing of a value removed in the directory (Entra never clears).
/// </summary>
public sealed class MappingOptionsCycleTests
{
    private const string Enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task RunCycle_AppliesDefaultOnCreateOnlyAndClearing_AsEachMappingSays(DatabaseProvider provider)
    {
        await using var sandbox = await EngineSandbox.StartAsync(provider);
        var ada = sandbox.AddUser("ada", department: "Sales");
        sandbox.Directory.UpdateUser(ada, new Dictionary<string, object?> { ["jobTitle"] = "Pilot", ["city"] = "Oslo" });
        sandbox.Directory.Assign(EngineSandbox.Sp, ada, EngineSandbox.UserRole);
        var attributes = new List<SyncJobAttribute>
        {
            new("userName", "userPrincipalName", Matching: 1),
            new($"{Enterprise}:department", "department", ClearWhenSourceRemoved: true),
            new("title", "jobTitle"),
            new("nickName", "city", Apply: ApplyMapping.ObjectAddOnly),
            new("preferredLanguage", "preferredLanguage", Default: "en-GB"),
        };
        await sandbox.ConfigureAsync(sandbox.UsersMapped(attributes));

        await sandbox.RunAsync();
        var created = sandbox.TargetUsers()["ada@contoso.example"];
        Assert.Equal(("Sales", "Pilot", "Oslo", "en-GB"), (EngineSandbox.Department(created), Text(created, "title"), Text(created, "nickName"), Text(created, "preferredLanguage")));

        sandbox.Directory.UpdateUser(ada, new Dictionary<string, object?> { ["department"] = null, ["jobTitle"] = null, ["city"] = "Bergen" });
        var changed = await sandbox.RunAsync();

        Assert.Equal((1, 0), (changed.Updated, changed.Failed));
        var updated = sandbox.TargetUsers()["ada@contoso.example"];
        // Cleared where the mapping opted in; kept as Entra keeps it where it did not; the create-only value untouched.
        Assert.Null(EngineSandbox.Department(updated));
        Assert.Equal("Pilot", Text(updated, "title"));
        Assert.Equal("Oslo", Text(updated, "nickName"));
        Assert.Equal("en-GB", Text(updated, "preferredLanguage"));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task RunCycle_WritesAnAttributeOfTheTargetsOwnExtension_OnCreateAndUpdate(DatabaseProvider provider)
    {
        const string Badge = "urn:ietf:params:scim:schemas:extension:sandbox:2.0:User:badgeNumber";
        await using var sandbox = await EngineSandbox.StartAsync(provider);
        var ada = sandbox.AddUser("ada");
        sandbox.Directory.UpdateUser(ada, new Dictionary<string, object?> { ["employeeId"] = "B-100" });
        sandbox.Directory.Assign(EngineSandbox.Sp, ada, EngineSandbox.UserRole);
        await sandbox.ConfigureAsync(sandbox.UsersMapped([new("userName", "userPrincipalName", Matching: 1), new(Badge, "employeeId")]));

        await sandbox.RunAsync();
        var created = sandbox.TargetUsers()["ada@contoso.example"];
        Assert.Equal("B-100", created[Badge[..Badge.LastIndexOf(':')]]!["badgeNumber"]!.GetValue<string>());
        Assert.Contains(Badge[..Badge.LastIndexOf(':')], created["schemas"]!.AsArray().Select(n => n!.GetValue<string>()));

        sandbox.Directory.UpdateUser(ada, new Dictionary<string, object?> { ["employeeId"] = "B-200" });
        Assert.Equal(1, (await sandbox.RunAsync()).Updated);
        Assert.Equal("B-200", sandbox.TargetUsers()["ada@contoso.example"][Badge[..Badge.LastIndexOf(':')]]!["badgeNumber"]!.GetValue<string>());
    }

    private static string? Text(System.Text.Json.Nodes.JsonObject user, string name) => user[name]?.GetValue<string>();
}
