using System.Text.Json.Nodes;
using Portal.Data.Entities;
using Portal.Provisioning.Targets;
using Portal.Provisioning.Targets.Scim;
using Portal.Sandbox.Scim;

namespace Portal.Integration.Tests.Targets;

/// <summary>A dialect profile with SCIM 1.1 schema URNs against the sandbox's SCIM 1.1 mode, which refuses PatchOp messages.</summary>
public sealed class Scim11TargetTests
{
    private const string Profile = """{"schemaVersion": "Scim11", "serviceProviderConfigPath": "/ServiceProviderConfigs"}""";
    private const string Department = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EveryOperation_UsesPartialResourcePatch_WhenTheProfileIsScim11()
    {
        await using var sandbox = await ScimSandbox.StartAsync(SandboxScimMode.Scim11);
        var connector = sandbox.Connector(DialectPresets.Rfc, Profile);
        var ada = await connector.CreateAsync(ObjectKind.User, ScimTargetConnectorTests.User("ada@contoso.com", "Ada"), new MatchingKey("userName", "ada@contoso.com"), Ct);
        var bob = await connector.CreateAsync(ObjectKind.User, ScimTargetConnectorTests.User("bob@contoso.com", "Bob"), new MatchingKey("userName", "bob@contoso.com"), Ct);
        var created = sandbox.Target.Users.Single(u => u["id"]!.GetValue<string>() == ada.Id);
        Assert.Equal([ScimSchemas.Scim11Core, ScimSchemas.Scim11EnterpriseUser], created["schemas"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.Equal("R&D", created[ScimSchemas.Scim11EnterpriseUser]!["department"]!.GetValue<string>());

        await connector.UpdateAsync(ObjectKind.User, ada.Id, new Dictionary<string, JsonNode?>
        {
            ["name.givenName"] = "Augusta",
            ["emails[type eq \"work\"].value"] = "augusta@contoso.com",
            [Department] = null,
            ["name.familyName"] = null,
        }, Ct);
        var updated = (await connector.GetAsync(ObjectKind.User, ada.Id, Ct))!.Resource;
        Assert.Equal("Augusta", updated["name"]!["givenName"]!.GetValue<string>());
        Assert.Null(updated["name"]!["familyName"]);
        Assert.Equal("augusta@contoso.com", Assert.Single(updated["emails"]!.AsArray())!["value"]!.GetValue<string>());
        Assert.Null(updated[ScimSchemas.Scim11EnterpriseUser]!["department"]);

        await connector.UpdateAsync(ObjectKind.User, ada.Id, new Dictionary<string, JsonNode?> { ["emails[type eq \"work\"].value"] = null }, Ct);
        Assert.Empty((await connector.GetAsync(ObjectKind.User, ada.Id, Ct))!.Resource["emails"]!.AsArray());

        await connector.DisableAsync(ObjectKind.User, bob.Id, Ct);
        Assert.False((await connector.GetAsync(ObjectKind.User, bob.Id, Ct))!.Active);

        var group = await connector.CreateAsync(ObjectKind.Group, new Dictionary<string, JsonNode?> { ["displayName"] = "Engineering" },
            new MatchingKey("displayName", "Engineering"), Ct);
        await connector.AddMembersAsync(group.Id, [ada.Id, bob.Id], Ct);
        Assert.Equal(2, sandbox.Target.Groups.Single()["members"]!.AsArray().Count);
        await connector.RemoveMembersAsync(group.Id, [bob.Id], Ct);
        Assert.Equal(ada.Id, sandbox.Target.Groups.Single()["members"]!.AsArray().Single()!["value"]!.GetValue<string>());
        Assert.All(sandbox.Target.Requests.Entries, r => Assert.InRange(r.Status, 200, 299));
    }

    [Fact]
    public async Task UpdateAsync_IsRefusedWithTheTargetsMessage_WhenAScim20PatchOpReachesAScim11Target()
    {
        await using var sandbox = await ScimSandbox.StartAsync(SandboxScimMode.Scim11);
        var scim11 = sandbox.Connector(DialectPresets.Rfc, Profile);
        var ada = await scim11.CreateAsync(ObjectKind.User, ScimTargetConnectorTests.User("ada@contoso.com", "Ada"), new MatchingKey("userName", "ada@contoso.com"), Ct);

        var error = await Assert.ThrowsAsync<TargetException>(() => sandbox.Connector(DialectPresets.Rfc)
            .UpdateAsync(ObjectKind.User, ada.Id, new Dictionary<string, JsonNode?> { ["name.givenName"] = "X" }, Ct));

        Assert.Equal(400, error.HttpStatus);
        Assert.Contains("not a PatchOp Operations list", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConformanceProbe_PassesEveryCheck_AgainstTheScim11Mode()
    {
        await using var sandbox = await ScimSandbox.StartAsync(SandboxScimMode.Scim11);

        var report = await new ConformanceProbe().RunAsync(sandbox.Connector(DialectPresets.Rfc, Profile), includeConformance: true, Ct);

        Assert.True(report.Succeeded, report.Message);
        Assert.All(report.Checks, c => Assert.True(c.Passed, $"{c.Name}: {c.Detail}"));
        Assert.Empty(sandbox.Target.Users);
    }
}
