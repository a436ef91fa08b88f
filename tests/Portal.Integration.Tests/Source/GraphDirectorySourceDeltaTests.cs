using Portal.Provisioning.Source;
using Portal.Sandbox.Graph;

namespace Portal.Integration.Tests.Source;

public sealed class GraphDirectorySourceDeltaTests
{
    [Fact]
    public async Task ReadAsync_ReadsListsNestedValuesAndDirectoryExtensions_InFullAndDeltaReads()
    {
        await using var sandbox = await GraphSandbox.StartAsync();
        var source = sandbox.CreateSource();
        var ct = TestContext.Current.CancellationToken;
        string[] attributes = ["businessPhones", "extensionAttribute3", "extension_0a1b_costCenter"];
        var user = sandbox.Directory.Users()[4];
        sandbox.Directory.UpdateUser(user.Id, new Dictionary<string, object?>
        {
            ["onPremisesExtensionAttributes"] = new Dictionary<string, object?> { ["extensionAttribute3"] = "Band 7" },
            ["extension_0a1b_costCenter"] = "4711",
            ["businessPhones"] = new[] { "+41 44 555 0000" },
        });

        var full = await source.ReadAsync(GraphSandbox.Query(userAttributes: attributes), ct);
        sandbox.Directory.UpdateUser(user.Id, new Dictionary<string, object?> { ["businessPhones"] = new[] { "+41 44 555 0001", "+41 44 555 0002" } });
        var delta = await source.ReadAsync(GraphSandbox.Query(userAttributes: attributes, after: full), ct);

        // A list is a list (the SDK's backing store hands it out wrapped with its count), and directory extensions
        // arrive through the model's additional data.
        var read = full.Users.Single(u => u.Id == user.Id).Attributes;
        Assert.Equal(["+41 44 555 0000"], Assert.IsType<List<string>>(read["businessPhones"]));
        Assert.Equal("Band 7", read["extensionAttribute3"]);
        Assert.Equal("4711", read["extension_0a1b_costCenter"]);
        var changed = Assert.Single(delta.Users).Attributes;
        Assert.Equal(["+41 44 555 0001", "+41 44 555 0002"], Assert.IsType<List<string>>(changed["businessPhones"]));
    }

    [Fact]
    public async Task ReadAsync_ReportsCreatesUpdatesAndDeletes_WhenDeltaLinksAreGiven()
    {
        var emulator = SandboxGraphEmulator.CreateDemo(new SandboxGraphOptions { DeltaPageSize = 2 });
        await using var sandbox = await GraphSandbox.StartAsync(emulator);
        var source = sandbox.CreateSource();
        var ct = TestContext.Current.CancellationToken;
        var baseline = await source.ReadAsync(GraphSandbox.Query(userAttributes: ["displayName", "department", "manager"]), ct);
        var users = sandbox.Directory.Users();
        var created = sandbox.Directory.AddUser(new Dictionary<string, object?> { ["displayName"] = "Zoë Nová", ["department"] = "Legal" });
        sandbox.Directory.UpdateUser(users[10].Id, new Dictionary<string, object?> { ["department"] = "Finance" });
        sandbox.Directory.DisableUser(users[11].Id);
        sandbox.Directory.SetManager(users[12].Id, users[3].Id);
        sandbox.Directory.SoftDeleteUser(users[13].Id);
        sandbox.Directory.HardDeleteUser(users[14].Id);

        var delta = await source.ReadAsync(GraphSandbox.Query(userAttributes: ["displayName", "department", "manager"], after: baseline), ct);

        Assert.True(delta.IsDelta);
        Assert.True(delta.IsComplete, string.Join("; ", delta.Problems));
        var byId = delta.Users.ToDictionary(u => u.Id);
        Assert.Equal(6, byId.Count);
        Assert.Equal(SourceChange.Present, byId[created].Change);
        Assert.Equal("Zoë Nová", byId[created].DisplayName);
        Assert.Equal("Finance", byId[users[10].Id].Attributes["department"]);
        Assert.False(byId[users[11].Id].AccountEnabled);
        Assert.Equal(users[3].Id, byId[users[12].Id].Attributes["manager"]);
        Assert.Equal(SourceChange.SoftDeleted, byId[users[13].Id].Change);
        Assert.Equal(SourceChange.HardDeleted, byId[users[14].Id].Change);
        Assert.NotEqual(baseline.UsersDeltaLink, delta.UsersDeltaLink);

        var quiet = await source.ReadAsync(GraphSandbox.Query(userAttributes: ["displayName", "department", "manager"], after: delta), ct);
        Assert.True(quiet.IsDelta);
        Assert.Empty(quiet.Users);
        Assert.Empty(quiet.Groups);
    }

    [Fact]
    public async Task ReadAsync_ReportsMembershipAddsAndRemoves_WhenDeltaLinksAreGiven()
    {
        await using var sandbox = await GraphSandbox.StartAsync();
        var source = sandbox.CreateSource();
        var ct = TestContext.Current.CancellationToken;
        var baseline = await source.ReadAsync(GraphSandbox.Query(), ct);
        var sales = sandbox.Directory.Groups().Single(g => g.DisplayName == "Sales");
        var outsider = sandbox.Directory.Users().First(u => !sales.MemberIds.Contains(u.Id)).Id;
        sandbox.Directory.AddMember(sales.Id, outsider);
        sandbox.Directory.RemoveMember(sales.Id, sales.MemberIds[0]);
        sandbox.Directory.UpdateGroup(sales.Id, new Dictionary<string, object?> { ["description"] = "Sales and pre-sales" });

        var delta = await source.ReadAsync(GraphSandbox.Query(after: baseline), ct);

        var group = Assert.Single(delta.Groups);
        Assert.Equal(sales.Id, group.Id);
        Assert.Equal("Sales and pre-sales", group.Attributes["description"]);
        Assert.False(group.Members!.IsFullList);
        Assert.Equal([outsider], group.Members.Added);
        Assert.Equal([sales.MemberIds[0]], group.Members.Removed);
        Assert.Contains("members", sandbox.Emulator.RequestLog.Snapshot().First(r => r.Path == "/groups/delta").Select);
    }

    [Fact]
    public async Task ReadAsync_ReflectsAssignmentChanges_OnEveryRead()
    {
        await using var sandbox = await GraphSandbox.StartAsync();
        var source = sandbox.CreateSource();
        var ct = TestContext.Current.CancellationToken;
        var baseline = await source.ReadAsync(GraphSandbox.Query(), ct);
        var newcomer = sandbox.Directory.Users()[150].Id;
        var removed = sandbox.Directory.Assignments(SandboxDemoIds.GoToServicePrincipalId)[0];
        sandbox.Directory.Assign(SandboxDemoIds.GoToServicePrincipalId, newcomer, SandboxDemoIds.GoToAdminRoleId);
        sandbox.Directory.Unassign(SandboxDemoIds.GoToServicePrincipalId, removed.Id);

        var delta = await source.ReadAsync(GraphSandbox.Query(after: baseline), ct);

        Assert.True(delta.IsDelta);
        Assert.Contains(delta.Assignments, a => a.PrincipalId == newcomer && a.AppRoleId == SandboxDemoIds.GoToAdminRoleId && a.PrincipalType == PrincipalType.User);
        Assert.DoesNotContain(delta.Assignments, a => a.PrincipalId == removed.PrincipalId && a.AppRoleId == removed.AppRoleId);
        Assert.Equal(baseline.Assignments.Count, delta.Assignments.Count);
    }

    [Theory]
    [InlineData(DeltaExpiryResponse.Gone)]
    [InlineData(DeltaExpiryResponse.SyncStateNotFound)]
    public async Task ReadAsync_DoesFullRead_WhenDeltaLinksExpired(DeltaExpiryResponse expiry)
    {
        var emulator = SandboxGraphEmulator.CreateDemo(new SandboxGraphOptions { DeltaExpiry = expiry });
        await using var sandbox = await GraphSandbox.StartAsync(emulator);
        var source = sandbox.CreateSource();
        var ct = TestContext.Current.CancellationToken;
        var baseline = await source.ReadAsync(GraphSandbox.Query(), ct);
        sandbox.Directory.ExpireDeltaTokens();

        var read = await source.ReadAsync(GraphSandbox.Query(after: baseline), ct);

        Assert.False(read.IsDelta);
        Assert.True(read.IsComplete, string.Join("; ", read.Problems));
        Assert.Equal(200, read.Users.Count);
        Assert.NotNull(read.UsersDeltaLink);
        Assert.NotEqual(baseline.UsersDeltaLink, read.UsersDeltaLink);
        Assert.Contains(read.Problems, p => p.Contains("expired", StringComparison.Ordinal));
        var expectedStatus = expiry == DeltaExpiryResponse.Gone ? 410 : 400;
        Assert.Contains(sandbox.Emulator.RequestLog.Snapshot(), r => r.Path == "/users/delta" && r.Status == expectedStatus);
    }

    [Fact]
    public async Task ReadAsync_ReReadsTransitiveMembersOfAssignedGroups_InDeltaRounds()
    {
        await using var sandbox = await GraphSandbox.StartAsync();
        var source = sandbox.CreateSource();
        var ct = TestContext.Current.CancellationToken;
        var baseline = await source.ReadAsync(GraphSandbox.Query(expandNested: true), ct);
        var sales = sandbox.Directory.Groups().Single(g => g.DisplayName == "Sales");
        var gotoUsers = sandbox.Directory.Groups().Single(g => g.DisplayName == "GoTo Meeting Users");
        var joiner = sandbox.Directory.Users().First(u => !sales.MemberIds.Contains(u.Id) && !gotoUsers.MemberIds.Contains(u.Id)).Id;
        sandbox.Directory.AddMember(sales.Id, joiner);

        var delta = await source.ReadAsync(GraphSandbox.Query(expandNested: true, after: baseline), ct);

        var expanded = delta.Groups.Single(g => g.Id == gotoUsers.Id);
        Assert.True(expanded.Members!.IsFullList);
        Assert.Contains(joiner, expanded.Members.Added);
    }
}
