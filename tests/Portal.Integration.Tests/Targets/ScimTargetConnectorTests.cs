using System.Text.Json.Nodes;
using Portal.Data.Entities;
using Portal.Provisioning.Targets;
using Portal.Provisioning.Targets.Scim;
using Portal.Sandbox.Scim;

namespace Portal.Integration.Tests.Targets;

public sealed class ScimTargetConnectorTests
{
    private const string Department = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(DialectPresets.Rfc, SandboxScimMode.Strict)]
    [InlineData(DialectPresets.Rfc, SandboxScimMode.Entra)]
    [InlineData(DialectPresets.Entra, SandboxScimMode.Entra)]
    [InlineData(DialectPresets.GoTo, SandboxScimMode.GoTo)]
    public async Task EveryOperation_Succeeds_WhenPresetMatchesTarget(string preset, SandboxScimMode mode)
    {
        await using var sandbox = await ScimSandbox.StartAsync(mode);
        var connector = sandbox.Connector(preset);

        var ada = await connector.CreateAsync(ObjectKind.User, User("ada@contoso.com", "Ada"), new MatchingKey("userName", "ada@contoso.com"), Ct);
        var bob = await connector.CreateAsync(ObjectKind.User, User("bob@contoso.com", "Bob"), new MatchingKey("userName", "bob@contoso.com"), Ct);
        Assert.Equal("ada@contoso.com", (await connector.GetAsync(ObjectKind.User, ada.Id, Ct))!.DisplayName);
        Assert.Equal(ada.Id, Assert.Single(await connector.FindAsync(ObjectKind.User, "userName", "ADA@contoso.com", Ct)).Id);
        Assert.Single(await connector.FindAsync(ObjectKind.User, "emails[type eq \"work\"].value", "bob@contoso.com", Ct));

        await connector.UpdateAsync(ObjectKind.User, ada.Id, new Dictionary<string, JsonNode?> { ["name.givenName"] = "Augusta", [Department] = null }, Ct);
        var updated = (await connector.GetAsync(ObjectKind.User, ada.Id, Ct))!.Resource;
        Assert.Equal("Augusta", updated["name"]!["givenName"]!.GetValue<string>());
        Assert.Null(updated[ScimSchemas.EnterpriseUser]?["department"]);

        await connector.DisableAsync(ObjectKind.User, bob.Id, Ct);
        Assert.False((await connector.GetAsync(ObjectKind.User, bob.Id, Ct))!.Active);

        var group = await connector.CreateAsync(ObjectKind.Group, new Dictionary<string, JsonNode?> { ["displayName"] = "Engineering", ["externalId"] = "g1" },
            new MatchingKey("displayName", "Engineering"), Ct);
        await connector.AddMembersAsync(group.Id, [ada.Id, bob.Id], Ct);
        Assert.Equal(2, sandbox.Target.Groups.Single()["members"]!.AsArray().Count);
        await connector.RemoveMembersAsync(group.Id, [bob.Id], Ct);
        Assert.Equal(ada.Id, sandbox.Target.Groups.Single()["members"]!.AsArray().Single()!["value"]!.GetValue<string>());
        Assert.Null((await connector.GetAsync(ObjectKind.Group, group.Id, Ct))!.Resource["members"]);

        Assert.Equal(2, await CountAsync(connector.ListAsync(ObjectKind.User, Ct)));
        await connector.DeleteAsync(ObjectKind.Group, group.Id, Ct);
        await connector.DeleteAsync(ObjectKind.User, ada.Id, Ct);
        Assert.Null(await connector.GetAsync(ObjectKind.User, ada.Id, Ct));
        Assert.Single(sandbox.Target.Users);
    }

    [Fact]
    public async Task AttributePaths_AreWhatTheTargetsSchemaLetsAMappingWrite_ItsOwnExtensionIncluded()
    {
        await using var sandbox = await ScimSandbox.StartAsync(SandboxScimMode.Strict);
        var connector = sandbox.Connector(DialectPresets.Rfc);

        var users = await connector.AttributePathsAsync(ObjectKind.User, Ct);
        var groups = await connector.AttributePathsAsync(ObjectKind.Group, Ct);

        Assert.NotNull(users);
        Assert.Contains("name.givenName", users);
        Assert.Contains("emails[type eq \"work\"].value", users);
        Assert.Contains("addresses[type eq \"home\"].postalCode", users);
        Assert.Contains(Department, users);
        Assert.Contains(ScimSchemas.EnterpriseUser + ":manager", users);
        Assert.Contains(SandboxScimDiscovery.SandboxUserExtension + ":badgeNumber", users);
        Assert.Contains("roles", users);
        Assert.DoesNotContain("groups", users);
        Assert.DoesNotContain("emails[type eq \"work\"].primary", users);
        Assert.Equal(["displayName", "members"], groups);
    }

    [Fact]
    public async Task ListAsync_ReadsEveryPage_WhenPageSizeIsCapped()
    {
        await using var sandbox = await ScimSandbox.StartAsync();
        var connector = sandbox.Connector(DialectPresets.Rfc, """{"maxPageSize": 2}""");
        for (var i = 0; i < 5; i++)
        {
            await connector.CreateAsync(ObjectKind.User, User($"u{i}@contoso.com", $"U{i}"), new MatchingKey("userName", $"u{i}@contoso.com"), Ct);
        }

        Assert.Equal(5, await CountAsync(connector.ListAsync(ObjectKind.User, Ct)));
        Assert.Equal(3, sandbox.Target.Requests.Entries.Count(r => r.PathAndQuery.Contains("count=2", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task RemoveMembers_IsRejectedWithTargetMessage_WhenEntraStyleRemovalReachesStrictTarget()
    {
        await using var sandbox = await ScimSandbox.StartAsync(SandboxScimMode.Strict);
        // Entra-style removal alone, with RFC casing and booleans, so the strict target refuses only the removal.
        var connector = sandbox.Connector(DialectPresets.Entra, """{"opCasing": "Lower", "activeAsString": false}""");
        var user = await connector.CreateAsync(ObjectKind.User, User("eve@contoso.com", "Eve"), new MatchingKey("userName", "eve@contoso.com"), Ct);
        var group = await connector.CreateAsync(ObjectKind.Group, new Dictionary<string, JsonNode?> { ["displayName"] = "Sales" }, new MatchingKey("displayName", "Sales"), Ct);
        await connector.AddMembersAsync(group.Id, [user.Id], Ct);

        var error = await Assert.ThrowsAsync<TargetException>(() => connector.RemoveMembersAsync(group.Id, [user.Id], Ct));

        Assert.Equal(400, error.HttpStatus);
        Assert.Contains("members[value eq", error.Message, StringComparison.Ordinal);
        Assert.Single(sandbox.Target.Groups.Single()["members"]!.AsArray());
    }

    [Fact]
    public async Task CreateAsync_ThrowsConflict_WhenUserNameExists()
    {
        await using var sandbox = await ScimSandbox.StartAsync();
        var connector = sandbox.Connector();
        await connector.CreateAsync(ObjectKind.User, User("dup@contoso.com", "Dup"), new MatchingKey("userName", "dup@contoso.com"), Ct);

        var error = await Assert.ThrowsAsync<TargetException>(() =>
            connector.CreateAsync(ObjectKind.User, User("DUP@contoso.com", "Dup"), new MatchingKey("userName", "DUP@contoso.com"), Ct));

        Assert.Equal("Conflict", error.ErrorCode);
        Assert.Contains("already in use", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FindAsync_RefusesExternalId_WhenDialectIsGoTo()
    {
        await using var sandbox = await ScimSandbox.StartAsync(SandboxScimMode.GoTo);
        var error = await Assert.ThrowsAsync<TargetException>(() => sandbox.Connector(DialectPresets.GoTo).FindAsync(ObjectKind.User, "externalId", "x", Ct));
        Assert.Equal("SchemaAttributeNotFound", error.ErrorCode);
        Assert.Empty(sandbox.Target.Requests.Entries);
    }

    [Fact]
    public async Task UpdateAsync_ThrowsInvalidAnchor_WhenUserIsGone()
    {
        await using var sandbox = await ScimSandbox.StartAsync();
        var error = await Assert.ThrowsAsync<TargetException>(() =>
            sandbox.Connector().UpdateAsync(ObjectKind.User, "missing", new Dictionary<string, JsonNode?> { ["displayName"] = "X" }, Ct));
        Assert.Equal("InvalidAnchor", error.ErrorCode);
    }

    [Theory]
    [InlineData("PutResource", "PUT", true)]
    [InlineData("Delete", "DELETE", false)]
    public async Task DisableAsync_FollowsTheDialectsDisableMethod(string method, string verb, bool kept)
    {
        await using var sandbox = await ScimSandbox.StartAsync();
        var connector = sandbox.Connector(DialectPresets.Rfc, $$"""{"disable": "{{method}}"}""");
        var user = await connector.CreateAsync(ObjectKind.User, User("off@contoso.com", "Off"), new MatchingKey("userName", "off@contoso.com"), Ct);

        await connector.DisableAsync(ObjectKind.User, user.Id, Ct);

        Assert.Contains(sandbox.Target.Requests.Entries, r => r.Method == verb && r.PathAndQuery.EndsWith(user.Id, StringComparison.Ordinal));
        Assert.DoesNotContain(sandbox.Target.Requests.Entries, r => r.Method == "PATCH");
        Assert.Equal(kept, sandbox.Target.Users.Count == 1);
        if (kept)
        {
            var stored = Assert.Single(sandbox.Target.Users);
            Assert.False(stored["active"]!.GetValue<bool>());
            Assert.Equal("Off", stored["name"]!["givenName"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task AddAndRemoveMembers_SendOnePatchPerBatch_OfTheDialectsSize()
    {
        await using var sandbox = await ScimSandbox.StartAsync();
        var connector = sandbox.Connector(DialectPresets.Rfc, """{"maxMembersPerPatch": 2}""");
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await connector.CreateAsync(ObjectKind.User, User($"m{i}@contoso.com", $"M{i}"), new MatchingKey("userName", $"m{i}@contoso.com"), Ct)).Id);
        }

        var group = await connector.CreateAsync(ObjectKind.Group, new Dictionary<string, JsonNode?> { ["displayName"] = "Big" }, new MatchingKey("displayName", "Big"), Ct);
        sandbox.Target.Requests.Clear();

        await connector.AddMembersAsync(group.Id, ids, Ct);
        Assert.Equal(3, sandbox.Target.Requests.Entries.Count(r => r.Method == "PATCH"));
        Assert.Equal(5, sandbox.Target.Groups.Single()["members"]!.AsArray().Count);

        await connector.RemoveMembersAsync(group.Id, ids[..3], Ct);
        Assert.Equal(5, sandbox.Target.Requests.Entries.Count(r => r.Method == "PATCH"));
        Assert.Equal(ids[3..], sandbox.Target.Groups.Single()["members"]!.AsArray().Select(m => m!["value"]!.GetValue<string>()));
    }

    [Fact]
    public async Task FindAsync_EscapesQuotesInValues()
    {
        await using var sandbox = await ScimSandbox.StartAsync();
        var connector = sandbox.Connector();
        const string name = "o\"brien\\x@contoso.com";
        var created = await connector.CreateAsync(ObjectKind.User, User(name, "O"), new MatchingKey("userName", name), Ct);
        Assert.Equal(created.Id, Assert.Single(await connector.FindAsync(ObjectKind.User, "userName", name, Ct)).Id);
    }

    internal static Dictionary<string, JsonNode?> User(string userName, string given) => new()
    {
        ["userName"] = userName,
        ["externalId"] = userName.Split('@')[0],
        ["active"] = true,
        ["name.givenName"] = given,
        ["name.familyName"] = "Tester",
        ["emails[type eq \"work\"].value"] = userName,
        [Department] = "R&D",
    };

    private static async Task<int> CountAsync<T>(IAsyncEnumerable<T> items)
    {
        var count = 0;
        await foreach (var _ in items)
        {
            count++;
        }

        return count;
    }
}
