using System.Text.Json.Nodes;
using Portal.Data;

namespace Portal.Integration.Tests.Cycles;

/// <summary>
/// A value for a filtered path (<c>emails[type eq "work"].value</c>) whose element the account lacks: the strict target
/// refuses a replace that selects nothing (RFC 7644 § 3.5.2.3, noTarget), so it arrives as a new element.
/// </summary>
public sealed class NewElementCycleTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task AUserCreatedWithoutMail_GetsAWorkEmail_WhenTheDirectoryGivesHerOne(DatabaseProvider provider)
    {
        await using var sandbox = await EngineSandbox.StartAsync(provider);
        var ann = sandbox.Directory.AddUser(new Dictionary<string, object?>
        {
            ["displayName"] = "User ann", ["userPrincipalName"] = "ann@contoso.example", ["mailNickname"] = "ann", ["accountEnabled"] = true,
        });
        sandbox.Directory.Assign(EngineSandbox.Sp, ann, EngineSandbox.UserRole);
        await sandbox.ConfigureAsync();
        Assert.Equal(1, (await sandbox.RunAsync()).Created);
        Assert.Null(Assert.Single(sandbox.Scim.Target.Users)["emails"]);

        sandbox.Directory.UpdateUser(ann, new Dictionary<string, object?> { ["mail"] = "ann@contoso.example" });
        var cycle = await sandbox.RunAsync();

        Assert.Equal((1, 0), (cycle.Updated, cycle.Failed));
        Assert.Equal(["work:ann@contoso.example"], WorkEmails(Assert.Single(sandbox.Scim.Target.Users)));
    }

    [Fact]
    public async Task AMatchedAccount_WithoutAWorkEmail_GetsOne_AndKeepsItsOtherEmails()
    {
        await using var sandbox = await EngineSandbox.StartAsync(DatabaseProvider.Sqlite);
        var ann = sandbox.AddUser("ann");
        sandbox.Directory.Assign(EngineSandbox.Sp, ann, EngineSandbox.UserRole);
        await sandbox.ConfigureAsync();
        await sandbox.SendToTargetAsync(HttpMethod.Post, "Users", JsonNode.Parse("""
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"ann@contoso.example","active":true,
             "emails":[{"type":"home","value":"ann@home.example","primary":true}]}
            """));

        var cycle = await sandbox.RunAsync();

        Assert.Equal((0, 1, 0), (cycle.Created, cycle.Updated, cycle.Failed));
        var account = Assert.Single(sandbox.Scim.Target.Users);
        Assert.Equal(["home:ann@home.example", "work:ann@contoso.example"], WorkEmails(account));
        // One primary, as RFC 7643 § 2.4 allows: the account's own.
        Assert.Equal(["ann@home.example"], account["emails"]!.AsArray().Where(e => e!["primary"]?.GetValue<bool>() == true).Select(e => e!["value"]!.GetValue<string>()));
    }

    private static List<string> WorkEmails(JsonObject account) =>
        [.. account["emails"]!.AsArray().Select(e => $"{e!["type"]}:{e["value"]}").Order(StringComparer.Ordinal)];
}
