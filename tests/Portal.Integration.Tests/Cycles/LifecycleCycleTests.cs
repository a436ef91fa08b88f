using System.Text.Json.Nodes;
using Portal.Data;
using Portal.Data.Entities;
using Portal.Provisioning.Cycles;
using Portal.Sandbox.Graph;

namespace Portal.Integration.Tests.Cycles;

/// <summary>
/// What happens to accounts and groups over their life in the directory, each step through Graph's delta into the strict
/// target: coming back after a disable or a soft delete (with the groups the directory gives back), a new user principal name, a renamed and a deleted group, and a
/// new user when the job syncs all users.
/// </summary>
public sealed class LifecycleCycleTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Cycles_FollowUsersBackIntoScope_AndARenamedUserPrincipalName(DatabaseProvider provider)
    {
        await using var sandbox = await EngineSandbox.StartAsync(provider);
        var dir = sandbox.Directory;
        var ada = sandbox.AddUser("ada");
        var bob = sandbox.AddUser("bob");
        var cy = sandbox.AddUser("cy");
        var team = sandbox.AddGroup("Team");
        dir.AddMember(team, bob);
        foreach (var principal in new[] { ada, bob, cy, team })
        {
            dir.Assign(EngineSandbox.Sp, principal, EngineSandbox.UserRole);
        }

        await sandbox.ConfigureAsync();
        await sandbox.RunAsync();
        Assert.Single(Members(sandbox));
        var accounts = sandbox.TargetUsers().ToDictionary(p => p.Key, p => p.Value["id"]!.GetValue<string>(), StringComparer.OrdinalIgnoreCase);

        dir.DisableUser(ada);
        dir.SoftDeleteUser(bob);
        var gone = await sandbox.RunAsync();
        Assert.Equal((2, 0), (gone.Disabled, gone.Failed));
        Assert.Empty(Members(sandbox));

        dir.EnableUser(ada);
        dir.RestoreUser(bob);
        dir.UpdateUser(cy, new Dictionary<string, object?> { ["userPrincipalName"] = "cy.new@contoso.example" });
        var back = await sandbox.RunAsync();

        Assert.Equal((0, 4, 0), (back.Created, back.Updated, back.Failed)); // three users and the group's members
        var users = sandbox.TargetUsers();
        Assert.Equal(3, users.Count);
        Assert.True(EngineSandbox.Active(users["ada@contoso.example"]));
        Assert.True(EngineSandbox.Active(users["bob@contoso.example"]));
        // The same account, renamed: the link, not the new name, finds it.
        Assert.Equal(accounts["cy@contoso.example"], users["cy.new@contoso.example"]["id"]!.GetValue<string>());
        // The directory gives a restored user its groups back, and so does the target (Entra waits for a restart).
        Assert.Equal([accounts["bob@contoso.example"]], Members(sandbox));
        Assert.Equal(0, (await sandbox.RunAsync()).Updated);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Cycles_RenameAndDeleteGroups_AsTheDirectoryDoes(DatabaseProvider provider)
    {
        await using var sandbox = await EngineSandbox.StartAsync(provider);
        var dir = sandbox.Directory;
        var ada = sandbox.AddUser("ada");
        var bob = sandbox.AddUser("bob");
        var team = sandbox.AddGroup("Team");
        var pilots = sandbox.AddGroup("Pilots");
        dir.AddMember(team, ada);
        dir.AddMember(pilots, bob);
        dir.Assign(EngineSandbox.Sp, team, EngineSandbox.UserRole);
        dir.Assign(EngineSandbox.Sp, pilots, EngineSandbox.UserRole);
        dir.Assign(EngineSandbox.Sp, bob, EngineSandbox.UserRole);
        await sandbox.ConfigureAsync();
        await sandbox.RunAsync();
        Assert.Equal(["Pilots", "Team"], GroupNames(sandbox));

        dir.UpdateGroup(team, new Dictionary<string, object?> { ["displayName"] = "Team Blue" });
        dir.DeleteGroup(pilots);
        var changed = await sandbox.RunAsync();

        Assert.Equal(0, changed.Failed);
        Assert.Equal(["Team Blue"], GroupNames(sandbox));
        // Bob keeps his account through his own assignment; the group he was in is gone with the directory's.
        Assert.True(EngineSandbox.Active(sandbox.TargetUsers()["bob@contoso.example"]));
        Assert.Equal(0, (await sandbox.RunAsync()).Updated);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Cycles_WithScopeAll_CreateANewDirectoryUser_WithoutAnAssignment(DatabaseProvider provider)
    {
        await using var sandbox = await EngineSandbox.StartAsync(provider);
        sandbox.AddUser("ada");
        await sandbox.ConfigureAsync(sandbox.JobFile() with { Source = sandbox.JobFile().Source with { Scope = ProvisioningScope.All } });
        await sandbox.RunAsync();
        var before = sandbox.TargetUsers().Count;

        sandbox.AddUser("newcomer");
        var next = await sandbox.RunAsync();

        Assert.True(next.IsIncremental);
        Assert.Equal((1, 0), (next.Created, next.Failed));
        Assert.Equal(before + 1, sandbox.TargetUsers().Count);
        Assert.Contains("newcomer@contoso.example", sandbox.TargetUsers().Keys);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Cycles_FollowTheJobFilesScope_AsItSwitchesToAllAndBack_WithoutARestart(DatabaseProvider provider)
    {
        await using var sandbox = await EngineSandbox.StartAsync(provider);
        var ada = sandbox.AddUser("ada");
        sandbox.AddUser("bob");
        sandbox.Directory.Assign(EngineSandbox.Sp, ada, EngineSandbox.UserRole);
        await sandbox.ConfigureAsync();
        var first = await sandbox.RunAsync();
        Assert.Equal(1, first.Created);
        Assert.Equal(["ada@contoso.example"], sandbox.TargetUsers().Keys);

        // Bob was never assigned and never changes: no delta mentions him, yet "all" takes him in at the next cycle.
        await sandbox.ConfigureAsync(sandbox.JobFile() with { Source = sandbox.JobFile().Source with { Scope = ProvisioningScope.All } });
        var all = await sandbox.RunAsync();
        Assert.Equal((1, 0), (all.Created, all.Failed));
        Assert.True(EngineSandbox.Active(sandbox.TargetUsers()["bob@contoso.example"]));

        await sandbox.ConfigureAsync();
        var assigned = await sandbox.RunAsync();
        Assert.Equal((1, 0), (assigned.Disabled, assigned.Failed));
        Assert.False(EngineSandbox.Active(sandbox.TargetUsers()["bob@contoso.example"]));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Cycles_AddAMemberToItsGroup_WhenTheMemberComesIntoScopeLater_AndKeepItThereWhileDisabled(DatabaseProvider provider)
    {
        await using var sandbox = await EngineSandbox.StartAsync(provider);
        var dir = sandbox.Directory;
        var ada = sandbox.AddUser("ada", department: "Sales");
        var bob = sandbox.AddUser("bob", department: "Finance");
        var team = sandbox.AddGroup("Team");
        dir.AddMember(team, ada);
        dir.AddMember(team, bob);
        dir.Assign(EngineSandbox.Sp, team, EngineSandbox.UserRole);
        await sandbox.ConfigureAsync(sandbox.UsersMapped(filters: new SyncJobFilter("Sales only", [new SyncJobClause("department", "EQUALS", "Sales")])));
        await sandbox.RunAsync();
        Assert.Equal(["ada@contoso.example"], sandbox.TargetUsers().Keys);
        Assert.Single(Members(sandbox));

        dir.UpdateUser(bob, new Dictionary<string, object?> { ["department"] = "Sales" });
        var next = await sandbox.RunAsync();

        // Entra creates the account but leaves it out of the group until a restart (reference §1.7).
        Assert.Equal((1, 0), (next.Created, next.Failed));
        var users = sandbox.TargetUsers();
        var (adaId, bobId) = (users["ada@contoso.example"]["id"]!.GetValue<string>(), users["bob@contoso.example"]["id"]!.GetValue<string>());
        Assert.Equal(new[] { adaId, bobId }.Order(StringComparer.Ordinal), Members(sandbox).Order(StringComparer.Ordinal));

        dir.UpdateUser(bob, new Dictionary<string, object?> { ["department"] = "Finance" });
        var left = await sandbox.RunAsync();

        // Out of scope again: the account is disabled and, still a member in the directory, stays in the group, so the
        // group is whole again the moment the account comes back.
        Assert.Equal(1, left.Disabled);
        Assert.False(EngineSandbox.Active(sandbox.TargetUsers()["bob@contoso.example"]));
        Assert.Equal(2, Members(sandbox).Count);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Cycles_WithNestedExpansion_FollowMembersOfANestedGroup(DatabaseProvider provider)
    {
        await using var sandbox = await EngineSandbox.StartAsync(provider);
        var dir = sandbox.Directory;
        var ada = sandbox.AddUser("ada");
        var cy = sandbox.AddUser("cy");
        var dora = sandbox.AddUser("dora");
        var outer = sandbox.AddGroup("Outer");
        var inner = sandbox.AddGroup("Inner");
        dir.AddMember(outer, ada);
        dir.AddMember(outer, inner);
        dir.AddMember(inner, cy);
        dir.Assign(EngineSandbox.Sp, outer, EngineSandbox.UserRole);
        var file = sandbox.JobFile();
        await sandbox.ConfigureAsync(file with { Source = file.Source with { ExpandNestedGroups = true } });
        await sandbox.RunAsync();
        Assert.Equal(["ada@contoso.example", "cy@contoso.example"], sandbox.TargetUsers().Keys.Order(StringComparer.Ordinal));

        dir.AddMember(inner, dora);
        dir.RemoveMember(inner, cy);
        var next = await sandbox.RunAsync();

        Assert.Equal((1, 1, 0), (next.Created, next.Disabled, next.Failed));
        var users = sandbox.TargetUsers();
        Assert.True(EngineSandbox.Active(users["dora@contoso.example"]));
        Assert.False(EngineSandbox.Active(users["cy@contoso.example"]));
        Assert.True(EngineSandbox.Active(users["ada@contoso.example"]));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Cycles_KeepAUserAssignedTwice_UntilTheLastValidAssignmentGoes_AndEnableItWhenOneComesBack(DatabaseProvider provider)
    {
        await using var sandbox = await EngineSandbox.StartAsync(provider);
        var dir = sandbox.Directory;
        var ada = sandbox.AddUser("ada");
        var team = sandbox.AddGroup("Team");
        dir.AddMember(team, ada);
        dir.Assign(EngineSandbox.Sp, ada, EngineSandbox.UserRole);
        var teamAssignment = dir.Assign(EngineSandbox.Sp, team, EngineSandbox.UserRole);
        await sandbox.ConfigureAsync();
        await sandbox.RunAsync();

        sandbox.Unassign(ada);
        var stillThroughTheGroup = await sandbox.RunAsync();
        Assert.Equal((0, 0), (stillThroughTheGroup.Disabled, stillThroughTheGroup.Failed));
        Assert.True(EngineSandbox.Active(sandbox.TargetUsers()["ada@contoso.example"]));

        // The group's assignment moves to Default Access, which does not provision: nothing valid is left.
        dir.Unassign(EngineSandbox.Sp, teamAssignment);
        dir.Assign(EngineSandbox.Sp, team, SandboxDemoIds.DefaultAccessRoleId);
        var none = await sandbox.RunAsync();

        Assert.Equal(1, none.Disabled);
        Assert.False(EngineSandbox.Active(sandbox.TargetUsers()["ada@contoso.example"]));

        // The group's role comes back: Ada is in scope again and enabled at the next cycle, with no restart.
        dir.Unassign(EngineSandbox.Sp, dir.Assignments(EngineSandbox.Sp).Single(a => a.PrincipalId == team).Id);
        dir.Assign(EngineSandbox.Sp, team, EngineSandbox.UserRole);
        var back = await sandbox.RunAsync();

        Assert.Equal((0, 0), (back.Failed, back.Created));
        Assert.True(EngineSandbox.Active(sandbox.TargetUsers()["ada@contoso.example"]));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Cycles_FollowAGroupScopingFilter_AsTheGroupIsRenamedInAndOut(DatabaseProvider provider)
    {
        await using var sandbox = await EngineSandbox.StartAsync(provider);
        var dir = sandbox.Directory;
        var ada = sandbox.AddUser("ada");
        var team = sandbox.AddGroup("Team");
        var app = sandbox.AddGroup("App-Pilots");
        dir.AddMember(team, ada);
        dir.AddMember(app, ada);
        foreach (var principal in new[] { ada, team, app })
        {
            dir.Assign(EngineSandbox.Sp, principal, EngineSandbox.UserRole);
        }

        await sandbox.ConfigureAsync(sandbox.JobFile() with
        {
            Mappings = new SyncJobMappings(Groups: new SyncJobObjectMapping(Filters: [new SyncJobFilter("App groups", [new SyncJobClause("displayName", "REGEX MATCH", "^App-.*")])])),
        });
        var first = await sandbox.RunAsync();
        Assert.Equal(0, first.Failed);
        Assert.Equal(["App-Pilots"], GroupNames(sandbox));

        dir.UpdateGroup(team, new Dictionary<string, object?> { ["displayName"] = "App-Team" });
        dir.UpdateGroup(app, new Dictionary<string, object?> { ["displayName"] = "Pilots" });
        var next = await sandbox.RunAsync();

        // The group renamed into scope arrives with its member; the one renamed out leaves the target.
        Assert.Equal(0, next.Failed);
        Assert.Equal(["App-Team"], GroupNames(sandbox));
        Assert.Single(Members(sandbox));
        Assert.True(EngineSandbox.Active(sandbox.TargetUsers()["ada@contoso.example"]));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Cycles_FailOnlyTheRename_WhenTheNewUserNameIsTakenInTheTarget(DatabaseProvider provider)
    {
        await using var sandbox = await EngineSandbox.StartAsync(provider);
        var ada = sandbox.AddUser("ada");
        var bob = sandbox.AddUser("bob");
        sandbox.Directory.Assign(EngineSandbox.Sp, ada, EngineSandbox.UserRole);
        sandbox.Directory.Assign(EngineSandbox.Sp, bob, EngineSandbox.UserRole);
        await sandbox.ConfigureAsync();
        await sandbox.RunAsync();
        var adaAccount = sandbox.TargetUsers()["ada@contoso.example"]["id"]!.GetValue<string>();
        await sandbox.SendToTargetAsync(HttpMethod.Post, "Users", new JsonObject
        {
            ["schemas"] = new JsonArray("urn:ietf:params:scim:schemas:core:2.0:User"),
            ["userName"] = "taken@contoso.example",
        });

        sandbox.Directory.UpdateUser(ada, new Dictionary<string, object?> { ["userPrincipalName"] = "taken@contoso.example" });
        sandbox.Directory.UpdateUser(bob, new Dictionary<string, object?> { ["department"] = "Finance" });
        var cycle = await sandbox.RunAsync();

        Assert.Equal((1, 1), (cycle.Updated, cycle.Failed));
        var log = (await sandbox.LogsAsync(cycle.CycleId)).Single(l => l.SourceId == ada);
        Assert.Equal(ProvisioningLogStatus.Failure, log.Status);
        Assert.Equal("Conflict", log.ErrorCode);
        Assert.Contains("userName 'taken@contoso.example' is already in use", log.ErrorReason, StringComparison.Ordinal);
        Assert.StartsWith("Another object in the target already holds this unique value", log.RecommendedAction, StringComparison.Ordinal);
        // Ada keeps her account and her link; nothing of hers was half-applied.
        Assert.Equal(adaAccount, sandbox.TargetUsers()["ada@contoso.example"]["id"]!.GetValue<string>());
        Assert.Equal(adaAccount, (await sandbox.LinksAsync()).Single(l => l.SourceId == ada).TargetId);
        Assert.Equal("Finance", EngineSandbox.Department(sandbox.TargetUsers()["bob@contoso.example"]));
    }

    private static List<string> Members(EngineSandbox sandbox) =>
        [.. (Assert.Single(sandbox.Scim.Target.Groups)["members"]?.AsArray() ?? []).Select(m => m!["value"]!.GetValue<string>())];

    private static List<string> GroupNames(EngineSandbox sandbox) =>
        [.. sandbox.Scim.Target.Groups.Select(g => g["displayName"]!.GetValue<string>()).Order(StringComparer.Ordinal)];
}
