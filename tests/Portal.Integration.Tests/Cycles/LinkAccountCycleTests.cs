using System.Text.Json.Nodes;
using Portal.Data;
using Portal.Data.Entities;
using Portal.Provisioning.Cycles;

namespace Portal.Integration.Tests.Cycles;

/// <summary>
/// An account made in the target by hand, under a user name the matching attributes do not find, linked by an admin to
/// the directory user it belongs to: kept (same id), given the directory's values, and managed from then on.
/// </summary>
public sealed class LinkAccountCycleTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Link_KeepsTheHandMadeAccount_GivesItTheDirectorysValues_AndCyclesManageIt(DatabaseProvider provider)
    {
        await using var sandbox = await EngineSandbox.StartAsync(provider);
        var ann = sandbox.AddUser("ann");
        sandbox.Directory.Assign(EngineSandbox.Sp, ann, EngineSandbox.UserRole);
        await sandbox.ConfigureAsync();
        var legacy = await HandMadeUserAsync(sandbox, "a.tester@legacy.example", "Ann (legacy)", active: false);

        var linked = await sandbox.Engine.LinkAsync(sandbox.TenantId, sandbox.JobId, ObjectKind.User, ann, legacy, TestContext.Current.CancellationToken);

        Assert.True(linked.Result == "Success", string.Join("\n", linked.Objects.Select(o => $"{o.Action} {o.Status} {o.Reason} {o.ErrorCode} " + string.Join(" | ", o.Steps.Select(s => s.Description)))));
        var result = Assert.Single(linked.Objects);
        Assert.Equal((ProvisioningAction.Update, legacy, "Linked to this target object by an admin: it gets the directory's values where its own differ."),
            (result.Action, result.TargetId, result.Reason));
        // What the account held is the old value, the directory's the new one; what already agreed is not sent.
        var changed = result.ModifiedProperties.ToDictionary(p => p.DisplayName, p => (p.OldValue, p.NewValue));
        Assert.Equal(("a.tester@legacy.example", "ann@contoso.example"), changed["userName"]);
        Assert.Equal(("Ann (legacy)", "User ann"), changed["displayName"]);
        Assert.Equal(("false", "true"), changed["active"]);
        Assert.DoesNotContain("name.familyName", changed.Keys);
        var account = Assert.Single(sandbox.Scim.Target.Users);
        Assert.Equal((legacy, "ann@contoso.example", true), (account["id"]!.GetValue<string>(), account["userName"]!.GetValue<string>(), EngineSandbox.Active(account)));
        Assert.Equal(legacy, Assert.Single(await sandbox.LinksAsync()).TargetId);

        // The next cycle neither creates her again nor sees a difference; a change in the directory reaches the account.
        var initial = await sandbox.RunAsync();
        Assert.Equal((0, 0), (initial.Created, initial.Failed));
        sandbox.Directory.UpdateUser(ann, new Dictionary<string, object?> { ["department"] = "Marketing" });
        Assert.Equal(1, (await sandbox.RunAsync()).Updated);
        Assert.Equal("Marketing", EngineSandbox.Department(Assert.Single(sandbox.Scim.Target.Users)));
    }

    [Fact]
    public async Task Link_OfAnAccountAlreadyInStep_SendsNothing_AndALaterChangeIsLoggedAsOne()
    {
        await using var sandbox = await EngineSandbox.StartAsync(DatabaseProvider.Sqlite);
        var ann = sandbox.AddUser("ann");
        sandbox.Directory.Assign(EngineSandbox.Sp, ann, EngineSandbox.UserRole);
        await sandbox.ConfigureAsync();
        var account = (await sandbox.SendToTargetAsync(HttpMethod.Post, "Users", JsonNode.Parse("""
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
             "userName":"ann@contoso.example","externalId":"ann","displayName":"User ann","active":true,
             "emails":[{"type":"work","value":"ann@contoso.example","primary":true}],"name":{"givenName":"ann","familyName":"Tester"},
             "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"Sales"}}
            """)))!["id"]!.GetValue<string>();
        var patches = sandbox.Scim.Target.Requests.Entries.Count(r => r.Method == "PATCH");

        var linked = await sandbox.Engine.LinkAsync(sandbox.TenantId, sandbox.JobId, ObjectKind.User, ann, account, TestContext.Current.CancellationToken);

        Assert.Equal(ProvisioningLogStatus.Skipped, Assert.Single(linked.Objects).Status);
        Assert.Equal(patches, sandbox.Scim.Target.Requests.Entries.Count(r => r.Method == "PATCH"));
        sandbox.Directory.UpdateUser(ann, new Dictionary<string, object?> { ["department"] = "Marketing" });
        var cycle = await sandbox.RunAsync();
        var update = Assert.Single(await sandbox.LogsAsync(cycle.CycleId), l => l.Action == ProvisioningAction.Update);
        Assert.Contains("Changed in the source.", update.StepsJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Link_IsRefused_WithNothingWritten_OutOfScope_ForAnAccountTheTargetLacks_OrOneLinkedToSomeoneElse()
    {
        await using var sandbox = await EngineSandbox.StartAsync(DatabaseProvider.Sqlite);
        var (ann, bob) = (sandbox.AddUser("ann"), sandbox.AddUser("bob"));
        sandbox.Directory.Assign(EngineSandbox.Sp, ann, EngineSandbox.UserRole);
        await sandbox.ConfigureAsync();
        await sandbox.RunAsync();
        var annAccount = sandbox.TargetUsers()["ann@contoso.example"]["id"]!.GetValue<string>();
        var legacy = await HandMadeUserAsync(sandbox, "b.tester@legacy.example", "Bob (legacy)", active: true);
        var links = (await sandbox.LinksAsync()).Select(l => (l.SourceId, l.TargetId, l.ExportedHash)).ToList();
        var target = sandbox.Scim.Target.Users.Select(u => u.ToJsonString()).ToList();

        var outOfScope = await Assert.ThrowsAsync<LinkRefusedException>(() =>
            sandbox.Engine.LinkAsync(sandbox.TenantId, sandbox.JobId, ObjectKind.User, bob, legacy, TestContext.Current.CancellationToken));
        Assert.StartsWith("User bob is out of this job's scope, so the job would disable the account rather than manage it: ", outOfScope.Message, StringComparison.Ordinal);

        sandbox.Directory.Assign(EngineSandbox.Sp, bob, EngineSandbox.UserRole);
        var unknown = await Assert.ThrowsAsync<LinkRefusedException>(() =>
            sandbox.Engine.LinkAsync(sandbox.TenantId, sandbox.JobId, ObjectKind.User, bob, "no-such-account", TestContext.Current.CancellationToken));
        Assert.Equal("The target has no user with id no-such-account.", unknown.Message);
        var taken = await Assert.ThrowsAsync<LinkRefusedException>(() =>
            sandbox.Engine.LinkAsync(sandbox.TenantId, sandbox.JobId, ObjectKind.User, bob, annAccount, TestContext.Current.CancellationToken));
        Assert.Equal("This account is already linked to User ann: one account, one directory object.", taken.Message);

        Assert.Equal(links, (await sandbox.LinksAsync()).Select(l => (l.SourceId, l.TargetId, l.ExportedHash)).ToList());
        Assert.Equal(target, sandbox.Scim.Target.Users.Select(u => u.ToJsonString()).ToList());
    }

    [Fact]
    public async Task Link_MovesAUserToAnotherAccount_LeavingTheOldOneAsItIs_NoLongerManaged()
    {
        await using var sandbox = await EngineSandbox.StartAsync(DatabaseProvider.Sqlite);
        var ann = sandbox.AddUser("ann");
        sandbox.Directory.Assign(EngineSandbox.Sp, ann, EngineSandbox.UserRole);
        await sandbox.ConfigureAsync();
        await sandbox.RunAsync();
        var created = sandbox.TargetUsers()["ann@contoso.example"];
        // The account she should have had: the one the cycle created is renamed out of the way by hand, as an admin would.
        await sandbox.SendToTargetAsync(HttpMethod.Patch, $"Users/{created["id"]}", JsonNode.Parse("""
            {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"userName","value":"ann.duplicate@contoso.example"}]}
            """));
        var legacy = await HandMadeUserAsync(sandbox, "a.tester@legacy.example", "Ann (legacy)", active: true);

        await sandbox.Engine.LinkAsync(sandbox.TenantId, sandbox.JobId, ObjectKind.User, ann, legacy, TestContext.Current.CancellationToken);

        var users = sandbox.TargetUsers();
        Assert.Equal(legacy, users["ann@contoso.example"]["id"]!.GetValue<string>());
        Assert.True(EngineSandbox.Active(users["ann.duplicate@contoso.example"]));
        var report = await sandbox.Engine.ReconcileAsync(sandbox.TenantId, sandbox.JobId, TestContext.Current.CancellationToken);
        var section = Assert.Single(report.Sections, s => s.Kind == ObjectKind.User);
        Assert.Equal(created["id"]!.GetValue<string>(), Assert.Single(section.Unmanaged).TargetId);
        Assert.Equal((1, 0), (section.InStep, section.DriftedCount));
    }

    [Fact]
    public async Task Link_GivesAHandMadeGroupTheDirectorysNameAndMembers()
    {
        await using var sandbox = await EngineSandbox.StartAsync(DatabaseProvider.Sqlite);
        var (ann, bob) = (sandbox.AddUser("ann"), sandbox.AddUser("bob"));
        var team = sandbox.AddGroup("Team");
        sandbox.Directory.AddMember(team, ann);
        sandbox.Directory.Assign(EngineSandbox.Sp, team, EngineSandbox.UserRole);
        sandbox.Directory.Assign(EngineSandbox.Sp, bob, EngineSandbox.UserRole);
        await sandbox.ConfigureAsync();
        await sandbox.RunAsync();
        var bobAccount = sandbox.TargetUsers()["bob@contoso.example"]["id"]!.GetValue<string>();
        var teamAccount = Assert.Single(sandbox.Scim.Target.Groups)["id"]!.GetValue<string>();
        await sandbox.SendToTargetAsync(HttpMethod.Delete, $"Groups/{teamAccount}");
        var legacy = (await sandbox.SendToTargetAsync(HttpMethod.Post, "Groups", JsonNode.Parse($$"""
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"Team (legacy)","members":[{"value":"{{bobAccount}}"}]}
            """)))!["id"]!.GetValue<string>();

        var linked = await sandbox.Engine.LinkAsync(sandbox.TenantId, sandbox.JobId, ObjectKind.Group, team, legacy, TestContext.Current.CancellationToken);

        Assert.Equal("Success", linked.Result);
        var group = Assert.Single(sandbox.Scim.Target.Groups);
        Assert.Equal((legacy, "Team"), (group["id"]!.GetValue<string>(), group["displayName"]!.GetValue<string>()));
        Assert.Equal([sandbox.TargetUsers()["ann@contoso.example"]["id"]!.GetValue<string>()],
            group["members"]!.AsArray().Select(m => m!["value"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Link_SettlesAUserThatMatchesSeveralAccounts_WithTheOneTheAdminChooses()
    {
        await using var sandbox = await EngineSandbox.StartAsync(DatabaseProvider.Sqlite);
        var ann = sandbox.AddUser("ann");
        sandbox.Directory.Assign(EngineSandbox.Sp, ann, EngineSandbox.UserRole);
        // Matched on externalId (mailNickname), which the target does not keep unique.
        await sandbox.ConfigureAsync(sandbox.UsersMapped([new("externalId", "mailNickname", Matching: 1), new("userName", "userPrincipalName"), new("displayName", "displayName")]));
        var first = await HandMadeUserAsync(sandbox, "ann.one@legacy.example", "Ann One", active: true, externalId: "ann");
        var second = await HandMadeUserAsync(sandbox, "ann.two@legacy.example", "Ann Two", active: true, externalId: "ann");
        var stuck = await sandbox.RunAsync();
        Assert.Equal((0, 1), (stuck.Created, stuck.Failed));
        var failure = Assert.Single(await sandbox.LogsAsync(stuck.CycleId), l => l.Status == ProvisioningLogStatus.Failure);
        Assert.Equal("DuplicateTargetEntries", failure.ErrorCode);
        Assert.StartsWith("Link the right account to it: Choose the account… beside the failure on the Users and groups tab", failure.RecommendedAction, StringComparison.Ordinal);
        // The matching step names both, by the ids the Reconciliation tab lists them with.
        Assert.Contains($"\"MatchingTargetIds\":\"{string.Join(", ", new[] { first, second }.Order(StringComparer.Ordinal))}\"", failure.StepsJson, StringComparison.Ordinal);

        var linked = await sandbox.Engine.LinkAsync(sandbox.TenantId, sandbox.JobId, ObjectKind.User, ann, second, TestContext.Current.CancellationToken);

        Assert.Equal("Success", linked.Result);
        Assert.Equal(second, Assert.Single(await sandbox.LinksAsync()).TargetId);
        var next = await sandbox.RunAsync();
        Assert.Equal((0, 0), (next.Created, next.Failed));
        var users = sandbox.TargetUsers();
        Assert.Equal(second, users["ann@contoso.example"]["id"]!.GetValue<string>());
        // The other is the target's own, as it was.
        Assert.Equal(first, users["ann.one@legacy.example"]["id"]!.GetValue<string>());
    }

    private static async Task<string> HandMadeUserAsync(EngineSandbox sandbox, string userName, string displayName, bool active, string? externalId = null) =>
        (await sandbox.SendToTargetAsync(HttpMethod.Post, "Users", new JsonObject
        {
            ["schemas"] = new JsonArray("urn:ietf:params:scim:schemas:core:2.0:User"),
            ["userName"] = userName,
            ["externalId"] = externalId,
            ["displayName"] = displayName,
            ["active"] = active,
            ["name"] = new JsonObject { ["givenName"] = "ann", ["familyName"] = "Tester" },
        }))!["id"]!.GetValue<string>();
}
