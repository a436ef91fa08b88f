using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Data.Entities;
using Portal.Provisioning.Cycles;
using Portal.Provisioning.Planning;

namespace Portal.Integration.Tests.Cycles;

public sealed class EngineOperationsCycleTests
{
    [Fact]
    public async Task DryRun_PlansTheCycleWithoutWritingToTheTarget()
    {
        await using var sandbox = await EngineSandbox.StartAsync(DatabaseProvider.Sqlite);
        var ann = sandbox.AddUser("ann");
        sandbox.Directory.Assign(EngineSandbox.Sp, ann, EngineSandbox.UserRole);
        var team = sandbox.Directory.AddGroup(new Dictionary<string, object?> { ["displayName"] = "Team", ["securityEnabled"] = true });
        sandbox.Directory.AddMember(team, ann);
        sandbox.Directory.Assign(EngineSandbox.Sp, team, EngineSandbox.UserRole);
        await sandbox.ConfigureAsync();

        var dry = await sandbox.Engine.DryRunAsync(sandbox.TenantId, sandbox.JobId, TestContext.Current.CancellationToken);

        var change = Assert.Single(dry.Changes, c => c.Kind == ObjectKind.User);
        Assert.Equal(ChangeAction.Create, change.Action);
        Assert.Contains(change.Modified, m => m.DisplayName == "userName" && m.NewValue == "ann@contoso.example");
        var group = Assert.Single(dry.Changes, c => c.Kind == ObjectKind.Group);
        Assert.Equal(ChangeAction.Create, group.Action);
        Assert.Empty(sandbox.Scim.Target.Groups);
        Assert.Empty(sandbox.Scim.Target.Users);
        Assert.Empty(await sandbox.LinksAsync());
        Assert.Null((await sandbox.JobAsync()).Watermark.UsersDeltaLink);
    }

    [Fact]
    public async Task ProvisionOnDemand_ReturnsTheStepsAndValues_ForOneUser()
    {
        await using var sandbox = await EngineSandbox.StartAsync(DatabaseProvider.Sqlite);
        var ann = sandbox.AddUser("ann");
        var bob = sandbox.AddUser("bob");
        sandbox.Directory.Assign(EngineSandbox.Sp, ann, EngineSandbox.UserRole);
        sandbox.Directory.Assign(EngineSandbox.Sp, bob, EngineSandbox.UserRole);
        await sandbox.ConfigureAsync();

        var result = await sandbox.Engine.ProvisionOnDemandAsync(sandbox.TenantId, sandbox.JobId, ObjectKind.User, ann, null, TestContext.Current.CancellationToken);

        Assert.Equal("Success", result.Result);
        var user = Assert.Single(result.Objects);
        Assert.Equal(ProvisioningAction.Create, user.Action);
        Assert.Equal(["EntryImport", "EntrySynchronizationScoping", "EntryMatching", "EntrySynchronizationAdd", "EntryExportAdd"], user.Steps.Select(s => s.Name));
        Assert.Contains(user.ModifiedProperties, m => m.DisplayName == "userName" && m.OldValue == null && m.NewValue == "ann@contoso.example");
        Assert.Equal(["ann@contoso.example"], sandbox.TargetUsers().Keys);
        // Not a cycle of the job: the Overview's last cycle stays as it was.
        Assert.Null((await sandbox.JobAsync()).LastCycleEndedAt);
    }

    [Fact]
    public async Task ProvisionOnDemand_Preview_RunsEveryStepButTheExport_AndWritesNothing()
    {
        await using var sandbox = await EngineSandbox.StartAsync(DatabaseProvider.Sqlite);
        var ann = sandbox.AddUser("ann");
        var bob = sandbox.AddUser("bob", department: "Legal");
        var carl = sandbox.AddUser("carl");
        foreach (var user in new[] { ann, bob, carl })
        {
            sandbox.Directory.Assign(EngineSandbox.Sp, user, EngineSandbox.UserRole);
        }

        await sandbox.ConfigureAsync(sandbox.UsersMapped(filters: new SyncJobFilter("Sales only", [new SyncJobClause("department", "EQUALS", "Sales")])));
        var ct = TestContext.Current.CancellationToken;
        await sandbox.Engine.ProvisionOnDemandAsync(sandbox.TenantId, sandbox.JobId, ObjectKind.User, carl, null, ct);
        sandbox.Directory.UpdateUser(carl, new Dictionary<string, object?> { ["surname"] = "Renamed" });
        var (links, logs, target) = (await sandbox.LinksAsync(), await LogCountAsync(sandbox), sandbox.TargetUsers());
        var carlBefore = target["carl@contoso.example"].ToJsonString();

        var preview = await sandbox.Engine.ProvisionObjectsAsync(sandbox.TenantId, sandbox.JobId,
            [(ObjectKind.User, ann), (ObjectKind.User, bob), (ObjectKind.User, carl)], ct, preview: true);

        var created = Assert.Single(preview.Objects, o => o.SourceId == ann);
        Assert.Equal((ProvisioningAction.Create, ProvisioningLogStatus.Success), (created.Action, created.Status));
        Assert.Equal(["EntryImport", "EntrySynchronizationScoping", "EntryMatching", "EntrySynchronizationAdd", "EntryExportAdd"], created.Steps.Select(s => s.Name));
        Assert.Equal("Skipped", created.Steps[^1].Status);
        Assert.Contains(created.ModifiedProperties, m => m.DisplayName == "userName" && m.NewValue == "ann@contoso.example");
        var filtered = Assert.Single(preview.Objects, o => o.SourceId == bob);
        Assert.Equal((ProvisioningAction.Other, ProvisioningLogStatus.Skipped, "Does not satisfy any scoping filter."), (filtered.Action, filtered.Status, filtered.Reason));
        var updated = Assert.Single(preview.Objects, o => o.SourceId == carl);
        Assert.Equal(ProvisioningAction.Update, updated.Action);
        Assert.Contains(updated.ModifiedProperties, m => m.DisplayName == "name.familyName" && m.OldValue == "Tester" && m.NewValue == "Renamed");

        // Nothing written: the target, the links and the logs are as they were, and it is no cycle of the job's statistics.
        Assert.Equal(["carl@contoso.example"], sandbox.TargetUsers().Keys);
        Assert.Equal(carlBefore, sandbox.TargetUsers()["carl@contoso.example"].ToJsonString());
        Assert.Equal(links.Select(l => (l.SourceId, l.ExportedHash)), (await sandbox.LinksAsync()).Select(l => (l.SourceId, l.ExportedHash)));
        Assert.Equal(logs, await LogCountAsync(sandbox));
        await using var db = sandbox.Database.CreateContext(sandbox.TenantId);
        Assert.Equal(CycleKind.DryRun, (await db.Cycles.SingleAsync(c => c.Id == preview.CycleId, ct)).Kind);
    }

    [Fact]
    public async Task AJobFile_NamesWhatTheJobNoLongerManages_AndItsCyclesLeaveThatAlone()
    {
        await using var sandbox = await EngineSandbox.StartAsync(DatabaseProvider.Sqlite);
        var ann = sandbox.AddUser("ann");
        var bob = sandbox.AddUser("bob");
        sandbox.Directory.Assign(EngineSandbox.Sp, ann, EngineSandbox.UserRole);
        sandbox.Directory.Assign(EngineSandbox.Sp, bob, EngineSandbox.UserRole);
        var file = sandbox.JobFile() with { NoLongerManaged = [new SyncJobReleased(ObjectKind.User, ann, "Ann")] };
        await sandbox.ConfigureAsync(file);

        await sandbox.RunAsync();

        Assert.Equal(["bob@contoso.example"], sandbox.TargetUsers().Keys);
        var released = Assert.Single((await sandbox.JobAsync()).Released);
        Assert.Equal((ann, "the job file"), (released.SourceId, released.ReleasedBy));
        // The same file again keeps when it was released; a file without it manages it again.
        await sandbox.ConfigureAsync(file);
        Assert.Equal(released.ReleasedAt, Assert.Single((await sandbox.JobAsync()).Released).ReleasedAt);
        await sandbox.ConfigureAsync(sandbox.JobFile());
        await sandbox.RunAsync();
        Assert.Equal(["ann@contoso.example", "bob@contoso.example"], sandbox.TargetUsers().Keys.Order());
        Assert.Empty((await sandbox.JobAsync()).Released);
    }

    private static async Task<int> LogCountAsync(EngineSandbox sandbox)
    {
        await using var db = sandbox.Database.CreateContext(sandbox.TenantId);
        return await db.ProvisioningLogs.CountAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task ProvisionOnDemand_OfAGroup_TakesItsFirstFiveUsers_PassingOverANestedGroup()
    {
        await using var sandbox = await EngineSandbox.StartAsync(DatabaseProvider.Sqlite);
        var team = sandbox.Directory.AddGroup(new Dictionary<string, object?> { ["displayName"] = "Team", ["securityEnabled"] = true });
        var leads = sandbox.Directory.AddGroup(new Dictionary<string, object?> { ["displayName"] = "Leads", ["securityEnabled"] = true });
        sandbox.Directory.AddMember(team, leads);
        var users = Enumerable.Range(1, 6).Select(i => sandbox.AddUser($"member{i}")).ToList();
        users.ForEach(u => sandbox.Directory.AddMember(team, u));
        sandbox.Directory.Assign(EngineSandbox.Sp, team, EngineSandbox.UserRole);
        await sandbox.ConfigureAsync();

        var result = await sandbox.Engine.ProvisionOnDemandAsync(sandbox.TenantId, sandbox.JobId, ObjectKind.Group, team, null, TestContext.Current.CancellationToken);

        Assert.Equal("Success", result.Result);
        Assert.Equal(5, result.Objects.Count(o => o.Kind == ObjectKind.User));
        Assert.Equal(5, sandbox.TargetUsers().Count);
    }

    [Fact]
    public async Task Restart_KeepingTheWatermark_GoesOnIncrementally()
    {
        await using var sandbox = await EngineSandbox.StartAsync(DatabaseProvider.Sqlite);
        var ann = sandbox.AddUser("ann");
        sandbox.Directory.Assign(EngineSandbox.Sp, ann, EngineSandbox.UserRole);
        await sandbox.ConfigureAsync();
        await sandbox.RunAsync();
        var watermark = (await sandbox.JobAsync()).Watermark.UsersDeltaLink;

        await sandbox.Engine.RestartAsync(sandbox.TenantId, sandbox.JobId, RestartScope.None, TestContext.Current.CancellationToken);

        Assert.Equal(watermark, (await sandbox.JobAsync()).Watermark.UsersDeltaLink);
        Assert.True((await sandbox.RunAsync()).IsIncremental);
    }

    [Fact]
    public async Task Restart_RunsAnInitialCycleAgain_KeepingLinksUnlessStateIsCleared()
    {
        await using var sandbox = await EngineSandbox.StartAsync(DatabaseProvider.Sqlite);
        var ann = sandbox.AddUser("ann");
        sandbox.Directory.Assign(EngineSandbox.Sp, ann, EngineSandbox.UserRole);
        await sandbox.ConfigureAsync();
        await sandbox.RunAsync();

        await sandbox.Engine.RestartAsync(sandbox.TenantId, sandbox.JobId, RestartScope.Default, TestContext.Current.CancellationToken);
        Assert.Null((await sandbox.JobAsync()).Watermark.UsersDeltaLink);
        Assert.NotEmpty(await sandbox.LinksAsync());
        var again = await sandbox.RunAsync();
        Assert.False(again.IsIncremental);
        Assert.Equal(0, again.Created + again.Updated);

        await sandbox.Engine.RestartAsync(sandbox.TenantId, sandbox.JobId, RestartScope.Full, TestContext.Current.CancellationToken);
        Assert.Empty(await sandbox.LinksAsync());
        var rematched = await sandbox.RunAsync();
        Assert.Equal(0, rematched.Created);
        Assert.Equal(1, rematched.Updated);
        Assert.Single(sandbox.TargetUsers());
    }

    [Fact]
    public async Task PurgeLogs_DeletesEntriesOlderThanTheRetention()
    {
        await using var sandbox = await EngineSandbox.StartAsync(DatabaseProvider.Sqlite);
        var ann = sandbox.AddUser("ann");
        sandbox.Directory.Assign(EngineSandbox.Sp, ann, EngineSandbox.UserRole);
        await sandbox.ConfigureAsync();
        var cycle = await sandbox.RunAsync();
        Assert.NotEmpty(await sandbox.LogsAsync(cycle.CycleId));

        var dryRun = await sandbox.Engine.DryRunAsync(sandbox.TenantId, sandbox.JobId, TestContext.Current.CancellationToken);

        Assert.Equal(0, await sandbox.Engine.PurgeLogsAsync(sandbox.TenantId, null, TestContext.Current.CancellationToken));
        Assert.True(await sandbox.Engine.PurgeLogsAsync(sandbox.TenantId, TimeSpan.FromSeconds(-1), TestContext.Current.CancellationToken) > 0);
        Assert.Empty(await sandbox.LogsAsync(cycle.CycleId));
        // Dry runs (and previews) go with the logs; the job's own cycles stay, its history.
        await using var db = sandbox.Database.CreateContext(sandbox.TenantId);
        Assert.Equal([cycle.CycleId], await db.Cycles.Select(c => c.Id).ToListAsync(TestContext.Current.CancellationToken));
        Assert.NotEqual(cycle.CycleId, dryRun.CycleId);
    }
}
