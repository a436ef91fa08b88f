using Portal.Data;
using Portal.Data.Entities;
using Portal.Provisioning.Cycles;

namespace Portal.Integration.Tests.Cycles;

/// <summary>
/// Graph returns only the properties a request selects, and its delta tracks only those: an attribute that only an
/// Expression mapping names must be selected too, or the expression sees null and a change to it never arrives.
/// </summary>
public sealed class ExpressionSourceCycleTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task RunCycle_ReadsAndFollowsTheAttributesOnlyAnExpressionNames(DatabaseProvider provider)
    {
        await using var sandbox = await EngineSandbox.StartAsync(provider);
        var id = sandbox.AddUser("ada");
        sandbox.Directory.UpdateUser(id, new Dictionary<string, object?> { ["employeeId"] = "E-42", ["city"] = "Oslo" });
        sandbox.Directory.Assign(EngineSandbox.Sp, id, EngineSandbox.UserRole);
        var attributes = new List<SyncJobAttribute>
        {
            new("userName", "userPrincipalName", Matching: 1),
            new("title", "Join(\"/\", [employeeId], ToUpper([city]))", MappingType.Expression),
        };
        await sandbox.ConfigureAsync(sandbox.UsersMapped(attributes));

        var initial = await sandbox.RunAsync();
        Assert.Equal(CycleOutcome.Completed, initial.Outcome);
        Assert.Equal("E-42/OSLO", Title(sandbox));

        sandbox.Directory.UpdateUser(id, new Dictionary<string, object?> { ["city"] = "Bergen" });
        var incremental = await sandbox.RunAsync();

        Assert.Equal((1, 0), (incremental.Updated, incremental.Failed));
        Assert.Equal("E-42/BERGEN", Title(sandbox));
    }

    [Fact]
    public async Task RunCycle_ReadsTheGroupAttributesAnExpressionNames()
    {
        await using var sandbox = await EngineSandbox.StartAsync(DatabaseProvider.Sqlite);
        var ada = sandbox.AddUser("ada");
        var team = sandbox.Directory.AddGroup(new Dictionary<string, object?> { ["displayName"] = "Team", ["mailNickname"] = "team", ["description"] = "Pilots" });
        sandbox.Directory.AddMember(team, ada);
        sandbox.Directory.Assign(EngineSandbox.Sp, team, EngineSandbox.UserRole);
        var groups = new SyncJobObjectMapping(Attributes:
        [
            new("displayName", "Join(\" - \", [displayName], [description])", MappingType.Expression, Matching: 1),
            new("externalId", "objectId"),
        ]);
        await sandbox.ConfigureAsync(sandbox.JobFile() with { Mappings = new SyncJobMappings(Groups: groups) });

        var cycle = await sandbox.RunAsync();

        Assert.Equal((2, 0), (cycle.Created, cycle.Failed));
        var group = Assert.Single(sandbox.Scim.Target.Groups);
        Assert.Equal("Team - Pilots", group["displayName"]?.GetValue<string>());
        Assert.Single(group["members"]!.AsArray());
    }

    private static string? Title(EngineSandbox sandbox) => sandbox.TargetUsers()["ada@contoso.example"]["title"]?.GetValue<string>();
}
