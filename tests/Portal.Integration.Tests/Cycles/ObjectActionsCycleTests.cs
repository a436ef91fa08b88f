using Portal.Data;
using Portal.Data.Entities;
using Portal.Provisioning.Cycles;

namespace Portal.Integration.Tests.Cycles;

/// <summary>
/// What an admin turns off, end to end through Graph's delta: with the Update target object action off a directory
/// change is skipped and said so; an input filter hides a user who leaves it without disabling the account.
/// </summary>
public sealed class ObjectActionsCycleTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task RunCycle_SkipsUpdatesWhenTheActionIsOff_AndAnInputFilterNeverDisables(DatabaseProvider provider)
    {
        await using var sandbox = await EngineSandbox.StartAsync(provider);
        var (ada, bob) = (sandbox.AddUser("ada"), sandbox.AddUser("bob"));
        sandbox.Directory.Assign(EngineSandbox.Sp, ada, EngineSandbox.UserRole);
        sandbox.Directory.Assign(EngineSandbox.Sp, bob, EngineSandbox.UserRole);
        var salesOnly = new SyncJobFilter("Sales only", [new SyncJobClause("department", "EQUALS", "Sales")], ScopingFilterKind.InputFilter);
        await sandbox.ConfigureAsync(sandbox.JobFile() with
        {
            Mappings = new SyncJobMappings(Users: new SyncJobObjectMapping(Filters: [salesOnly], AllowUpdate: false)),
        });
        Assert.Equal(2, (await sandbox.RunAsync()).Created);

        sandbox.Directory.UpdateUser(ada, new Dictionary<string, object?> { ["displayName"] = "Ada Renamed" });
        sandbox.Directory.UpdateUser(bob, new Dictionary<string, object?> { ["department"] = "HR" });
        var cycle = await sandbox.RunAsync();

        Assert.Equal((0, 0, 0), (cycle.Updated, cycle.Disabled, cycle.Failed));
        var users = sandbox.TargetUsers();
        Assert.Equal("User ada", users["ada@contoso.example"]["displayName"]?.GetValue<string>());
        Assert.True(EngineSandbox.Active(users["bob@contoso.example"]));
        var logs = await sandbox.LogsAsync(cycle.CycleId);
        var skipped = Assert.Single(logs, l => l.SourceId == ada);
        Assert.Equal(ProvisioningLogStatus.Skipped, skipped.Status);
        Assert.Contains("Update target object action is off", skipped.StepsJson, StringComparison.Ordinal);
    }
}
