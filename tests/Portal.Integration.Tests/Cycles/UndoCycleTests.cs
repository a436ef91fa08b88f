using System.Text.Json.Nodes;
using Portal.Data;
using Portal.Data.Entities;
using Portal.Provisioning.Cycles;
using Portal.Sandbox.Scim;

namespace Portal.Integration.Tests.Cycles;

/// <summary>Undoing a cycle: the target and the links as they were before it, and the next cycle makes again what the directory calls for.</summary>
public sealed class UndoCycleTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task UndoCycle_PutsBackEveryChangeOfTheCycle_AndTheNextCycleMakesThemAgain(DatabaseProvider provider)
    {
        await using var sandbox = await EngineSandbox.StartAsync(provider);
        var (ann, bob, cy, team) = await StartedAsync(sandbox);
        var before = Snapshot(sandbox);
        var dan = sandbox.AddUser("dan");
        sandbox.Directory.Assign(EngineSandbox.Sp, dan, EngineSandbox.UserRole);
        sandbox.Directory.UpdateUser(ann, new Dictionary<string, object?> { ["department"] = "Finance" });
        sandbox.Directory.DisableUser(bob);
        sandbox.Directory.RemoveMember(team, ann);
        sandbox.Directory.AddMember(team, cy);
        var changed = await sandbox.RunAsync();
        Assert.Equal((1, 1, 0), (changed.Created, changed.Disabled, changed.Failed));
        var after = Snapshot(sandbox);

        var plan = await sandbox.Engine.UndoPlanAsync(sandbox.TenantId, sandbox.JobId, Ct);
        Assert.Equal(changed.CycleId, plan?.CycleId);
        Assert.Equal((1, 1), (plan!.Creates, plan.Disables));

        var undo = await sandbox.Engine.UndoCycleAsync(sandbox.TenantId, sandbox.JobId, changed.CycleId, Ct);

        Assert.Equal(CycleState.Succeeded, undo.State);
        Assert.Equal((1, 3, 0), (undo.Deleted, undo.Updated, undo.Failed));
        Assert.Equal(before, Snapshot(sandbox));
        var links = await sandbox.LinksAsync();
        Assert.DoesNotContain(links, l => l.SourceId == dan);
        Assert.Equal(LinkState.Active, links.Single(l => l.SourceId == bob).State);
        Assert.Contains("\"Sales\"", links.Single(l => l.SourceId == ann).ExportedValuesJson, StringComparison.Ordinal);
        var logs = await sandbox.LogsAsync(undo.CycleId);
        Assert.Contains(logs, l => l.SourceId == dan && l.Action == ProvisioningAction.Delete && l.Status == ProvisioningLogStatus.Success);
        Assert.Contains(logs, l => l.SourceId == ann && l.Action == ProvisioningAction.Update && l.ModifiedPropertiesJson!.Contains("Finance", StringComparison.Ordinal));
        Assert.Null((await sandbox.JobAsync()).Watermark.UsersDeltaLink);
        Assert.NotEqual(changed.CycleId, (await sandbox.Engine.UndoPlanAsync(sandbox.TenantId, sandbox.JobId, Ct))?.CycleId);

        var again = await sandbox.RunAsync();

        Assert.False(again.IsIncremental);
        Assert.Equal(after, Snapshot(sandbox));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task UndoCycle_GoesBackOneCycleAtATime_DownToAnEmptyTarget(DatabaseProvider provider)
    {
        await using var sandbox = await EngineSandbox.StartAsync(provider);
        var (ann, _, _, _) = await StartedAsync(sandbox);
        var initial = (await sandbox.Engine.UndoPlanAsync(sandbox.TenantId, sandbox.JobId, Ct))!.CycleId;
        sandbox.Directory.UpdateUser(ann, new Dictionary<string, object?> { ["department"] = "Finance" });
        var update = await sandbox.RunAsync();

        var refused = await sandbox.Engine.UndoCycleAsync(sandbox.TenantId, sandbox.JobId, initial, Ct);

        Assert.Equal(CycleOutcome.Aborted, refused.Outcome);
        Assert.Equal(ProvisioningEngine.NotUndoable, refused.Error);
        Assert.Equal("Finance", EngineSandbox.Department(sandbox.TargetUsers()["ann@contoso.example"]));

        await sandbox.Engine.UndoCycleAsync(sandbox.TenantId, sandbox.JobId, update.CycleId, Ct);
        Assert.Equal(initial, (await sandbox.Engine.UndoPlanAsync(sandbox.TenantId, sandbox.JobId, Ct))?.CycleId);
        var emptied = await sandbox.Engine.UndoCycleAsync(sandbox.TenantId, sandbox.JobId, initial, Ct);

        Assert.Equal(4, emptied.Deleted);
        Assert.Empty(sandbox.Scim.Target.Users);
        Assert.Empty(sandbox.Scim.Target.Groups);
        Assert.DoesNotContain(await sandbox.LinksAsync(), l => l.TargetId is not null);
        Assert.Null(await sandbox.Engine.UndoPlanAsync(sandbox.TenantId, sandbox.JobId, Ct));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task UndoCycle_CreatesAgainWhatTheCycleDeleted_WithItsValuesAndMembers(DatabaseProvider provider)
    {
        await using var sandbox = await EngineSandbox.StartAsync(provider);
        var (_, bob, _, team) = await StartedAsync(sandbox);
        var before = Snapshot(sandbox);
        var bobsOldId = sandbox.TargetUsers()["bob@contoso.example"]["id"]!.GetValue<string>();
        sandbox.Directory.HardDeleteUser(bob);
        sandbox.Unassign(team);
        var deleting = await sandbox.RunAsync();
        Assert.Equal(2, deleting.Deleted);
        Assert.Empty(sandbox.Scim.Target.Groups);

        var undo = await sandbox.Engine.UndoCycleAsync(sandbox.TenantId, sandbox.JobId, deleting.CycleId, Ct);

        Assert.Equal((2, 0), (undo.Created, undo.Failed));
        Assert.Equal(before, Snapshot(sandbox));
        var bobsLink = (await sandbox.LinksAsync()).Single(l => l.SourceId == bob);
        Assert.Equal((LinkState.Active, sandbox.TargetUsers()["bob@contoso.example"]["id"]!.GetValue<string>()), (bobsLink.State, bobsLink.TargetId));
        Assert.NotEqual(bobsOldId, bobsLink.TargetId);

        // The directory still says so: the next cycle, reading everyone, deprovisions them again (bob, no longer there, is
        // out of scope like anyone the read does not carry).
        var again = await sandbox.RunAsync();

        Assert.Equal((1, 1), (again.Deleted, again.Disabled));
        Assert.False(EngineSandbox.Active(sandbox.TargetUsers()["bob@contoso.example"]));
        Assert.Empty(sandbox.Scim.Target.Groups);
    }

    [Fact]
    public async Task UndoCycle_ThatFailsForSomeObjects_IsUndoneAgain_RetryingOnlyThose()
    {
        await using var sandbox = await EngineSandbox.StartAsync(DatabaseProvider.Sqlite);
        var (ann, bob, _, _) = await StartedAsync(sandbox);
        sandbox.Directory.UpdateUser(ann, new Dictionary<string, object?> { ["department"] = "Finance" });
        sandbox.Directory.UpdateUser(bob, new Dictionary<string, object?> { ["department"] = "Finance" });
        var changed = await sandbox.RunAsync();
        sandbox.Scim.Target.Faults.Add(new SandboxFault(SandboxFaultKind.WrongContentType, Count: 1, Method: "PATCH"));

        var partly = await sandbox.Engine.UndoCycleAsync(sandbox.TenantId, sandbox.JobId, changed.CycleId, Ct);

        Assert.Equal((CycleState.EntryLevelErrors, 1, 1), (partly.State, partly.Updated, partly.Failed));
        var plan = await sandbox.Engine.UndoPlanAsync(sandbox.TenantId, sandbox.JobId, Ct);
        Assert.Equal(changed.CycleId, plan?.CycleId);
        Assert.True(plan!.Retried);

        var rest = await sandbox.Engine.UndoCycleAsync(sandbox.TenantId, sandbox.JobId, changed.CycleId, Ct);

        Assert.Equal((CycleState.Succeeded, 1, 1, 0), (rest.State, rest.Updated, rest.Skipped, rest.Failed));
        Assert.All(sandbox.TargetUsers().Values, u => Assert.Equal("Sales", EngineSandbox.Department(u)));
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Three users and a group of two, provisioned by an initial cycle.
    private static async Task<(string Ann, string Bob, string Cy, string Team)> StartedAsync(EngineSandbox sandbox)
    {
        var ann = sandbox.AddUser("ann");
        var bob = sandbox.AddUser("bob");
        var cy = sandbox.AddUser("cy");
        var team = sandbox.AddGroup("Team");
        sandbox.Directory.AddMember(team, ann);
        sandbox.Directory.AddMember(team, bob);
        foreach (var id in new[] { ann, bob, cy, team })
        {
            sandbox.Directory.Assign(EngineSandbox.Sp, id, EngineSandbox.UserRole);
        }

        await sandbox.ConfigureAsync();
        var initial = await sandbox.RunAsync();
        Assert.Equal((4, 0), (initial.Created, initial.Failed));
        return (ann, bob, cy, team);
    }

    // What the target holds, as people see it: each user's department and whether active, the group's members by userName.
    private static string Snapshot(EngineSandbox sandbox)
    {
        var users = sandbox.TargetUsers();
        var names = users.ToDictionary(u => u.Value["id"]!.GetValue<string>(), u => u.Key);
        var groups = sandbox.Scim.Target.Groups.Select(g => $"{g["displayName"]}: "
            + string.Join(",", (g["members"] as JsonArray ?? []).Select(m => names[m!["value"]!.GetValue<string>()]).Order()));
        return string.Join("; ", users.OrderBy(u => u.Key).Select(u => $"{u.Key} {EngineSandbox.Department(u.Value)} {EngineSandbox.Active(u.Value)}").Concat(groups));
    }
}
