using Portal.Data;
using Portal.Data.Entities;
using Portal.Provisioning.Cycles;

namespace Portal.Integration.Tests.Cycles;

/// <summary>The seeds' flow end to end: assignments with valid roles and Default Access, initial then incremental.</summary>
public sealed class SeedScenarioCycleTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Cycles_ProvisionExactlyValidRoleUsers_AndApplyEachLaterChange(DatabaseProvider provider)
    {
        await using var sandbox = await EngineSandbox.StartAsync(provider);
        var dir = sandbox.Directory;
        var ann = sandbox.AddUser("ann");
        var bob = sandbox.AddUser("bob");
        var dora = sandbox.AddUser("dora");
        var eve = sandbox.AddUser("eve");
        var finn = sandbox.AddUser("finn");
        var gus = sandbox.AddUser("gus");
        var hal = sandbox.AddUser("hal");
        var ivy = sandbox.AddUser("ivy");
        var team = sandbox.AddGroup("Team");
        dir.AddMember(team, eve);
        dir.AddMember(team, finn);
        dir.Assign(EngineSandbox.Sp, ann, EngineSandbox.UserRole);
        dir.Assign(EngineSandbox.Sp, bob, EngineSandbox.AdminRole);
        dir.Assign(EngineSandbox.Sp, dora, SandboxDefaultAccess);
        dir.Assign(EngineSandbox.Sp, gus, EngineSandbox.UserRole);
        dir.Assign(EngineSandbox.Sp, hal, EngineSandbox.UserRole);
        dir.Assign(EngineSandbox.Sp, team, EngineSandbox.UserRole);
        await sandbox.ConfigureAsync();

        var initial = await sandbox.RunAsync();

        Assert.Equal(CycleOutcome.Completed, initial.Outcome);
        Assert.False(initial.IsIncremental);
        Assert.Equal(0, initial.Failed);
        var users = sandbox.TargetUsers();
        Assert.Equal(["ann", "bob", "eve", "finn", "gus", "hal"], users.Keys.Select(k => k.Split('@')[0]).Order());
        Assert.Equal("Sales", EngineSandbox.Department(users["ann@contoso.example"]));
        Assert.Equal("User ann", users["ann@contoso.example"]["displayName"]!.GetValue<string>());
        Assert.True(EngineSandbox.Active(users["ann@contoso.example"]));
        Assert.DoesNotContain("dora@contoso.example", users.Keys);
        Assert.DoesNotContain("ivy@contoso.example", users.Keys);
        var group = Assert.Single(sandbox.Scim.Target.Groups);
        Assert.Equal(2, group["members"]!.AsArray().Count);
        Assert.NotNull((await sandbox.JobAsync()).Watermark.UsersDeltaLink);

        dir.UpdateUser(ann, new Dictionary<string, object?> { ["department"] = "Finance" });
        dir.DisableUser(bob);
        sandbox.Unassign(gus);
        dir.HardDeleteUser(hal);
        dir.RemoveMember(team, finn);

        var incremental = await sandbox.RunAsync();

        Assert.Equal(CycleOutcome.Completed, incremental.Outcome);
        Assert.True(incremental.IsIncremental);
        Assert.Equal(0, incremental.Failed);
        Assert.Equal(0, incremental.Created);
        Assert.Equal(3, incremental.Disabled);
        Assert.Equal(1, incremental.Deleted);
        Assert.Equal(2, incremental.Updated);
        users = sandbox.TargetUsers();
        Assert.Equal("Finance", EngineSandbox.Department(users["ann@contoso.example"]));
        Assert.False(EngineSandbox.Active(users["bob@contoso.example"]));
        Assert.False(EngineSandbox.Active(users["gus@contoso.example"]));
        Assert.False(EngineSandbox.Active(users["finn@contoso.example"]));
        Assert.True(EngineSandbox.Active(users["eve@contoso.example"]));
        Assert.DoesNotContain("hal@contoso.example", users.Keys);
        var members = Assert.Single(sandbox.Scim.Target.Groups)["members"]!.AsArray();
        Assert.Equal(users["eve@contoso.example"]["id"]!.GetValue<string>(), Assert.Single(members)!["value"]!.GetValue<string>());

        var logs = await sandbox.LogsAsync(incremental.CycleId);
        Assert.Contains(logs, l => l.SourceId == ann && l.Action == ProvisioningAction.Update && l.Status == ProvisioningLogStatus.Success
            && l.ModifiedPropertiesJson!.Contains("Finance", StringComparison.Ordinal));
        Assert.Contains(logs, l => l.SourceId == bob && l.Action == ProvisioningAction.Disable);
        Assert.Contains(logs, l => l.SourceId == gus && l.Action == ProvisioningAction.Disable && l.ErrorReason == null);
        Assert.Contains(logs, l => l.SourceId == finn && l.Action == ProvisioningAction.Disable);
        Assert.Contains(logs, l => l.SourceId == hal && l.Action == ProvisioningAction.Delete);
        Assert.Contains(logs, l => l.SourceId == team && l.Action == ProvisioningAction.Update && l.ModifiedPropertiesJson!.Contains("members", StringComparison.Ordinal));
        Assert.DoesNotContain(logs, l => l.SourceId == eve);
        Assert.All(logs, l => Assert.Contains("\"provisioningStepType\"", l.StepsJson!, StringComparison.Ordinal));

        var quiet = await sandbox.RunAsync();
        Assert.Equal(0, quiet.Created + quiet.Updated + quiet.Disabled + quiet.Deleted + quiet.Failed);
    }

    private const string SandboxDefaultAccess = Portal.Sandbox.Graph.SandboxDemoIds.DefaultAccessRoleId;
}
