using Portal.Data;
using Portal.Provisioning.Cycles;
using Portal.Provisioning.Scope;

namespace Portal.Integration.Tests.Cycles;

/// <summary>
/// The group-membership clause Entra lacks, end to end: scoping on membership of a group that is not itself assigned to
/// the application, read from Graph with the rest of the directory. A user joining or leaving the group changes only the
/// group in Graph's delta, not the user, yet is provisioned or disabled at the next cycle (Entra needs a restart, §6 #8).
/// </summary>
public sealed class MembershipClauseCycleTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task RunCycle_ScopesOnMembershipOfAnUnassignedGroup_AndFollowsItsMemberChanges(DatabaseProvider provider)
    {
        await using var sandbox = await EngineSandbox.StartAsync(provider);
        var (ada, bob) = (sandbox.AddUser("ada"), sandbox.AddUser("bob"));
        var pilots = sandbox.Directory.AddGroup(new Dictionary<string, object?> { ["displayName"] = "Pilots", ["mailNickname"] = "pilots", ["securityEnabled"] = true });
        sandbox.Directory.AddMember(pilots, ada);
        sandbox.Directory.Assign(EngineSandbox.Sp, ada, EngineSandbox.UserRole);
        sandbox.Directory.Assign(EngineSandbox.Sp, bob, EngineSandbox.UserRole);
        var filter = new SyncJobFilter("Pilots only", [new SyncJobClause("", ScopingFilterEvaluator.IsMemberOf, pilots)]);
        await sandbox.ConfigureAsync(sandbox.UsersMapped(filters: filter));

        var initial = await sandbox.RunAsync();
        Assert.Equal(CycleOutcome.Completed, initial.Outcome);
        Assert.Equal(["ada@contoso.example"], sandbox.TargetUsers().Keys);

        sandbox.Directory.AddMember(pilots, bob);
        await sandbox.RunAsync();

        Assert.Equal(["ada@contoso.example", "bob@contoso.example"], sandbox.TargetUsers().Keys.Order());

        // Leaving the group takes the user out of scope: disabled at the next cycle, as any user leaving scope.
        sandbox.Directory.RemoveMember(pilots, ada);
        var left = await sandbox.RunAsync();

        Assert.Equal(1, left.Disabled);
        Assert.False(EngineSandbox.Active(sandbox.TargetUsers()["ada@contoso.example"]));
        Assert.True(EngineSandbox.Active(sandbox.TargetUsers()["bob@contoso.example"]));
    }
}
