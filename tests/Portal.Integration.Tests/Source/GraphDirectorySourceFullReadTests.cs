using Portal.Data.Entities;
using Portal.Provisioning.Source;
using Portal.Sandbox.Graph;

namespace Portal.Integration.Tests.Source;

public sealed class GraphDirectorySourceFullReadTests
{
    [Fact]
    public async Task ReadAsync_ReadsEveryPage_WhenEmulatorServesSmallPages()
    {
        var emulator = SandboxGraphEmulator.CreateDemo(new SandboxGraphOptions { MaxPageSize = 7 });
        await using var sandbox = await GraphSandbox.StartAsync(emulator);
        var source = sandbox.CreateSource();

        var read = await source.ReadAsync(GraphSandbox.Query(), TestContext.Current.CancellationToken);

        Assert.True(read.IsComplete, string.Join("; ", read.Problems));
        Assert.False(read.IsDelta);
        Assert.Equal(sandbox.Directory.UserCount, read.Users.Count);
        Assert.Equal(200, read.Users.Select(u => u.Id).Distinct().Count());
        Assert.Equal(15, read.Groups.Count);
        Assert.All(read.Groups, g => Assert.True(g.Members is { IsFullList: true }));
        var allStaff = read.Groups.Single(g => g.DisplayName == "All Staff");
        Assert.Equal(8, allStaff.Members!.Added.Count);
        Assert.Equal(sandbox.Directory.Assignments(SandboxDemoIds.GoToServicePrincipalId).Count, read.Assignments.Count);
        Assert.Contains(read.AppRoles, r => r.Id == AppRole.DefaultAccessId);
        Assert.Contains(read.AppRoles, r => r.Id == SandboxDemoIds.GoToUserRoleId && r.Value == "User");
        Assert.NotNull(read.UsersDeltaLink);
        Assert.NotNull(read.GroupsDeltaLink);

        var userPages = sandbox.Emulator.RequestLog.Snapshot().Where(r => r.Path == "/users").ToList();
        Assert.Equal((int)Math.Ceiling(200 / 7.0), userPages.Count);
        Assert.All(userPages, r => Assert.Equal("999", r.QueryValue("$top")));
        Assert.All(userPages.Skip(1), r => Assert.NotNull(r.QueryValue("$skiptoken")));
    }

    [Fact]
    public async Task ReadAssignmentsAsync_ListsWhoIsAssignedWithTheirNames_WithoutReadingUsersOrGroups()
    {
        await using var sandbox = await GraphSandbox.StartAsync();
        var source = sandbox.CreateSource();

        var read = await source.ReadAssignmentsAsync(SandboxDemoIds.GoToServicePrincipalId, TestContext.Current.CancellationToken);

        Assert.True(read.IsComplete, string.Join("; ", read.Problems));
        Assert.Equal(sandbox.Directory.Assignments(SandboxDemoIds.GoToServicePrincipalId).Count, read.Assignments.Count);
        Assert.All(read.Assignments, a => Assert.False(string.IsNullOrEmpty(a.PrincipalDisplayName)));
        Assert.Contains(read.Assignments, a => a.PrincipalType == PrincipalType.Group && a.PrincipalDisplayName == "GoTo Meeting Users");
        Assert.Contains(read.AppRoles, r => r.Id == SandboxDemoIds.GoToUserRoleId && r.Value == "User");
        Assert.Empty(read.Users);
        Assert.Empty(read.Groups);
        // Two lists, not the directory: a tenant of any size answers as fast as one of ten users.
        Assert.DoesNotContain(sandbox.Emulator.RequestLog.Snapshot(), r => r.Path.StartsWith("/users", StringComparison.Ordinal)
            || r.Path.StartsWith("/groups", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReadAsync_SelectsOnlyRequestedAttributes_WhenListingUsersAndGroups()
    {
        await using var sandbox = await GraphSandbox.StartAsync();
        var source = sandbox.CreateSource();

        var read = await source.ReadAsync(GraphSandbox.Query(userAttributes: ["userPrincipalName", "department", "extensionAttribute3"]), TestContext.Current.CancellationToken);

        Assert.True(read.IsComplete, string.Join("; ", read.Problems));
        var log = sandbox.Emulator.RequestLog.Snapshot();
        var users = log.First(r => r.Path == "/users");
        Assert.Equal(["id", "accountEnabled", "userPrincipalName", "department", "onPremisesExtensionAttributes"], users.Select);
        var groups = log.First(r => r.Path == "/groups");
        Assert.Equal(["id", "displayName", "description"], groups.Select);
        Assert.All(log.Where(r => r.Path.EndsWith("/members", StringComparison.Ordinal)), r => Assert.Equal(["id"], r.Select));
        var user = read.Users.First(u => u.Attributes["department"] is "Sales");
        Assert.Contains("userPrincipalName", user.Attributes.Keys);
        Assert.DoesNotContain("jobTitle", user.Attributes.Keys);
    }

    [Fact]
    public async Task ReadAsync_ReadsManagerIds_WhenManagerIsMapped()
    {
        await using var sandbox = await GraphSandbox.StartAsync();
        var source = sandbox.CreateSource();

        var read = await source.ReadAsync(GraphSandbox.Query(userAttributes: ["displayName", "manager"]), TestContext.Current.CancellationToken);

        var expected = sandbox.Directory.Users().ToDictionary(u => u.Id, u => u.ManagerId);
        Assert.All(read.Users, u => Assert.Equal(expected[u.Id], u.Attributes["manager"]));
        Assert.Contains(read.Users, u => u.Attributes["manager"] is null);
        Assert.Contains("manager($select=id)", sandbox.Emulator.RequestLog.Snapshot().First(r => r.Path == "/users").QueryValue("$expand"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(2)] // member lists of several pages, each continued from its next link
    public async Task ReadAsync_ExpandsNestedGroupsOfAssignedGroups_WhenEnabled(int? pageSize)
    {
        await using var sandbox = await GraphSandbox.StartAsync(pageSize is { } size ? SandboxGraphEmulator.CreateDemo(new SandboxGraphOptions { MaxPageSize = size }) : null);
        var source = sandbox.CreateSource();
        var gotoUsers = sandbox.Directory.Groups().Single(g => g.DisplayName == "GoTo Meeting Users");
        var sales = sandbox.Directory.Groups().Single(g => g.DisplayName == "Sales");

        var direct = await source.ReadAsync(GraphSandbox.Query(), TestContext.Current.CancellationToken);
        var expanded = await source.ReadAsync(GraphSandbox.Query(expandNested: true), TestContext.Current.CancellationToken);

        Assert.Contains(sales.Id, direct.Groups.Single(g => g.Id == gotoUsers.Id).Members!.Added);
        var members = expanded.Groups.Single(g => g.Id == gotoUsers.Id).Members!;
        Assert.DoesNotContain(sales.Id, members.Added);
        Assert.Superset(sales.MemberIds.ToHashSet(), members.Added.ToHashSet());
        Assert.Contains(sandbox.Emulator.RequestLog.Snapshot(), r => r.Path == $"/groups/{gotoUsers.Id}/transitiveMembers");
    }

    [Fact]
    public async Task ReadAsync_AsksForOneToken_WhenManyPagesAreRead()
    {
        var emulator = SandboxGraphEmulator.CreateDemo(new SandboxGraphOptions { MaxPageSize = 20 });
        await using var sandbox = await GraphSandbox.StartAsync(emulator);
        var source = sandbox.CreateSource();

        await source.ReadAsync(GraphSandbox.Query(), TestContext.Current.CancellationToken);
        await source.ReadAsync(GraphSandbox.Query(), TestContext.Current.CancellationToken);

        Assert.Equal(1, sandbox.Emulator.TokensIssued);
    }

    [Fact]
    public async Task GetAsync_ReturnsUserWithQueriedAttributes_AndNullForUnknownId()
    {
        await using var sandbox = await GraphSandbox.StartAsync();
        var source = sandbox.CreateSource();
        var known = sandbox.Directory.Users()[5];
        var ct = TestContext.Current.CancellationToken;

        var user = await source.GetAsync(ObjectKind.User, known.Id, GraphSandbox.Query(userAttributes: ["userPrincipalName", "manager"]), ct);
        var missing = await source.GetAsync(ObjectKind.User, Guid.NewGuid().ToString(), GraphSandbox.Query(), ct);
        var group = await source.GetAsync(ObjectKind.Group, sandbox.Directory.Groups()[0].Id, GraphSandbox.Query(), ct);

        Assert.NotNull(user);
        Assert.Equal(known.UserPrincipalName, user.Attributes["userPrincipalName"]);
        Assert.Equal(known.ManagerId, user.Attributes["manager"]);
        Assert.Null(missing);
        Assert.Equal(sandbox.Directory.Groups()[0].MemberIds.Count, group!.Members!.Added.Count);
    }
}
