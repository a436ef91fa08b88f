using System.Text.Json;
using System.Text.Json.Nodes;
using Portal.Data;
using Portal.Data.Entities;
using Portal.Provisioning.Cycles;

namespace Portal.Integration.Tests.Cycles;

/// <summary>
/// SelectUniqueValue into a SCIM target (Entra offers it only for HR → Active Directory): each new account gets the
/// first rule's value that no target account holds and no other user of the cycle chose; when every value is taken the
/// user fails into escrow and nothing is sent; the chosen value is never re-evaluated by later updates.
/// </summary>
public sealed class UniqueValueCycleTests
{
    private const string UniqueUserName =
        "SelectUniqueValue(Join(\"@\", [givenName], \"contoso.example\"), ToLower(Join(\"@\", Join(\".\", [givenName], [surname]), \"contoso.example\")))";

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task RunCycle_GivesEachNewUserTheFirstFreeValue_AndEscrowsAUserWithNone(DatabaseProvider provider)
    {
        await using var sandbox = await EngineSandbox.StartAsync(provider);
        foreach (var taken in new[] { "ada@contoso.example", "cy@contoso.example", "cy.tester@contoso.example" })
        {
            await sandbox.SendToTargetAsync(HttpMethod.Post, "Users", new JsonObject
            {
                ["schemas"] = new JsonArray("urn:ietf:params:scim:schemas:core:2.0:User"),
                ["userName"] = taken,
                ["displayName"] = "Made by hand",
            });
        }

        var ada = sandbox.AddUser("ada");
        var bob = sandbox.AddUser("bob");
        var otherBob = sandbox.Directory.AddUser(new Dictionary<string, object?>
        {
            ["displayName"] = "Bob Builder", ["userPrincipalName"] = "bob.builder@elsewhere.example", ["mailNickname"] = "bobb",
            ["givenName"] = "bob", ["surname"] = "Builder", ["accountEnabled"] = true,
        });
        var cy = sandbox.AddUser("cy");
        foreach (var user in new[] { ada, bob, otherBob, cy })
        {
            sandbox.Directory.Assign(EngineSandbox.Sp, user, EngineSandbox.UserRole);
        }

        await sandbox.ConfigureAsync(sandbox.UsersMapped(
        [
            new("externalId", "objectId", Matching: 1),
            new("userName", UniqueUserName, MappingType.Expression, Apply: ApplyMapping.ObjectAddOnly),
            new("displayName", "displayName"),
        ]));

        var first = await sandbox.RunAsync();

        Assert.Equal((3, 1), (first.Created, first.Failed));
        var byExternalId = sandbox.Scim.Target.Users.Where(u => u["externalId"] is not null).ToDictionary(u => u["externalId"]!.GetValue<string>(), u => u["userName"]!.GetValue<string>());
        Assert.Equal("ada.tester@contoso.example", byExternalId[ada]);
        // The two Bobs exported side by side: one gets the first rule's value, the other the second's, never both the first.
        Assert.Contains((byExternalId[bob], byExternalId[otherBob]),
            new[] { ("bob@contoso.example", "bob.builder@contoso.example"), ("bob.tester@contoso.example", "bob@contoso.example") });
        Assert.False(byExternalId.ContainsKey(cy));
        Assert.Equal(3, sandbox.Scim.Target.Users.Count(u => u["displayName"]?.GetValue<string>() == "Made by hand"));

        var logs = await sandbox.LogsAsync(first.CycleId);
        var adaSteps = JsonSerializer.Deserialize<List<ProvisioningStep>>(logs.Single(l => l.SourceId == ada).StepsJson!)!;
        var chosen = adaSteps.Single(s => s.Name == "EntryUniqueValue");
        Assert.Contains("'ada@contoso.example' (held by target object", chosen.Description, StringComparison.Ordinal);
        Assert.Contains("'ada.tester@contoso.example' is free", chosen.Description, StringComparison.Ordinal);
        var failed = logs.Single(l => l.SourceId == cy);
        Assert.Equal((ProvisioningLogStatus.Failure, "AttributeMappingError"), (failed.Status, failed.ErrorCode));
        Assert.Contains("every rule's value is taken", failed.ErrorReason, StringComparison.Ordinal);

        // An update never re-evaluates the choice: evaluated again, the first rule would name a value another account holds.
        sandbox.Directory.UpdateUser(ada, new Dictionary<string, object?> { ["displayName"] = "Ada Lovelace" });
        var second = await sandbox.RunAsync();

        Assert.Equal(1, second.Updated);
        var updated = sandbox.Scim.Target.Users.Single(u => u["externalId"]?.GetValue<string>() == ada);
        Assert.Equal(("ada.tester@contoso.example", "Ada Lovelace"), (updated["userName"]!.GetValue<string>(), updated["displayName"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task RunCycle_ManyNewUsers_LooksValuesUpInOneListingOfTheTarget(DatabaseProvider provider)
    {
        await using var sandbox = await EngineSandbox.StartAsync(provider);
        await sandbox.SendToTargetAsync(HttpMethod.Post, "Users", new JsonObject
        {
            ["schemas"] = new JsonArray("urn:ietf:params:scim:schemas:core:2.0:User"),
            ["userName"] = "u7@contoso.example",
        });
        var users = Enumerable.Range(0, 40).Select(i => sandbox.AddUser($"u{i}")).ToList();
        users.ForEach(u => sandbox.Directory.Assign(EngineSandbox.Sp, u, EngineSandbox.UserRole));
        await sandbox.ConfigureAsync(sandbox.UsersMapped(
        [
            new("externalId", "objectId", Matching: 1),
            new("userName", UniqueUserName, MappingType.Expression, Apply: ApplyMapping.ObjectAddOnly),
        ]));

        var cycle = await sandbox.RunAsync();

        Assert.Equal((40, 0), (cycle.Created, cycle.Failed));
        Assert.Equal("u7.tester@contoso.example", sandbox.Scim.Target.Users.Single(u => u["externalId"]?.GetValue<string>() == users[7])["userName"]!.GetValue<string>());
        Assert.Equal(41, sandbox.Scim.Target.Users.Select(u => u["userName"]!.GetValue<string>()).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        // Neither matching nor choosing asked the target per user: the listing answered both.
        Assert.DoesNotContain(sandbox.Scim.Target.Requests.Entries, r => r.Method == "GET" && r.PathAndQuery.Contains("filter=", StringComparison.OrdinalIgnoreCase));
    }
}
