using System.Text.Json;
using Portal.Provisioning.Source;
using Portal.Provisioning.Source.Graph;
using Portal.Sandbox.Graph;

namespace Portal.Integration.Tests.Source;

/// <summary>
/// User pages are converted user by user through one reused SDK model. Every attribute must come out exactly as from
/// the SDK's own page of fresh models, or links written before would see changed values: compared here over the demo
/// directory plus users carrying every kind of value (dates, nested objects, lists, extensions of each JSON kind) next
/// to users carrying none of them, so a value left behind by the reused model would show.
/// </summary>
public sealed class GraphUserPageParityTests
{
    private static readonly string[] Attributes =
    [
        "displayName", "userPrincipalName", "jobTitle", "department", "businessPhones", "otherMails", "showInAddressList",
        "employeeHireDate", "employeeOrgData", "identities", "extensionAttribute1", "extensionAttribute2",
        "extension_0a1b_costCenter", "extension_0a1b_level", "extension_0a1b_flags", "extension_0a1b_scope", "manager", "accountEnabled",
    ];

    [Fact]
    public async Task ReadAsync_ConvertsEveryUserAsTheSdksOwnPageDoes()
    {
        var emulator = SandboxGraphEmulator.CreateDemo(new SandboxGraphOptions { MaxPageSize = 7 });
        await using var sandbox = await GraphSandbox.StartAsync(emulator);
        var directory = sandbox.Directory;
        var manager = directory.Users()[0].Id;
        for (var i = 0; i < 6; i++)
        {
            directory.AddUser(new Dictionary<string, object?>
            {
                ["displayName"] = $"Rich {i}",
                ["userPrincipalName"] = $"rich{i}@contoso.example",
                ["accountEnabled"] = true,
                ["showInAddressList"] = i % 2 == 0,
                ["otherMails"] = new[] { $"r{i}@other.example", "shared@other.example" },
                ["employeeHireDate"] = "2021-03-04T05:06:07Z",
                ["employeeOrgData"] = new Dictionary<string, object?> { ["division"] = "Research", ["costCenter"] = $"CC-{i}" },
                ["identities"] = new[] { new Dictionary<string, object?> { ["signInType"] = "emailAddress", ["issuer"] = "contoso.example", ["issuerAssignedId"] = $"r{i}@x" } },
                ["onPremisesExtensionAttributes"] = new Dictionary<string, object?> { ["extensionAttribute1"] = $"A{i}", ["extensionAttribute2"] = null },
                ["extension_0a1b_costCenter"] = "4711",
                ["extension_0a1b_level"] = 7 + i,
                ["extension_0a1b_flags"] = new[] { "x", "y" },
                ["extension_0a1b_scope"] = new Dictionary<string, object?> { ["k"] = "v" },
            }, managerId: manager);
            directory.AddUser(new Dictionary<string, object?> { ["displayName"] = $"Bare {i}", ["userPrincipalName"] = $"bare{i}@contoso.example", ["accountEnabled"] = false });
        }

        var query = GraphSandbox.Query(userAttributes: Attributes);
        var read = await sandbox.CreateSource().ReadAsync(query, TestContext.Current.CancellationToken);
        var expected = await ReadWithSdkModelsAsync(sandbox, query);

        Assert.True(read.IsComplete, string.Join("; ", read.Problems));
        Assert.Equal(directory.UserCount, read.Users.Count);
        Assert.Equal(expected.Keys.Order(), read.Users.Select(u => u.Id).Order());
        Assert.All(read.Users, u => Assert.Equal(expected[u.Id], Describe(u)));
        // The comparison covered values of each kind, not only absent ones.
        var rich = read.Users.First(u => u.DisplayName == "Rich 0").Attributes;
        Assert.Equal("2021-03-04T05:06:07.0000000+00:00", rich["employeeHireDate"]);
        Assert.Equal("CC-0", rich["employeeOrgData.costCenter"]);
        Assert.Equal("A0", rich["extensionAttribute1"]);
        Assert.Equal("7", rich["extension_0a1b_level"]);
        Assert.Equal("4711", rich["extension_0a1b_costCenter"]);
        Assert.Equal(["x", "y"], Assert.IsType<List<string>>(rich["extension_0a1b_flags"]));
        Assert.Equal(["r0@other.example", "shared@other.example"], Assert.IsType<List<string>>(rich["otherMails"]));
        Assert.Equal(manager, rich["manager"]);
        Assert.Null(read.Users.First(u => u.DisplayName == "Bare 0").Attributes["employeeHireDate"]);
    }

    // What the read did before pages were converted user by user: the SDK's page of fresh User models, then each converted.
    private static async Task<Dictionary<string, string>> ReadWithSdkModelsAsync(GraphSandbox sandbox, DirectoryQuery query)
    {
        var client = sandbox.CreateClient();
        var select = GraphSelectList.For(query);
        var ct = TestContext.Current.CancellationToken;
        var users = new Dictionary<string, string>();
        var page = await client.Users.GetAsync(rc =>
        {
            rc.QueryParameters.Select = [.. select.Users];
            rc.QueryParameters.Top = 999;
            rc.QueryParameters.Expand = ["manager($select=id)"];
        }, ct);
        while (page is not null)
        {
            foreach (var user in page.Value ?? [])
            {
                var converted = GraphObjectConverter.User(user, query.UserAttributes, fillMissing: true);
                users[converted.Id] = Describe(converted);
            }

            page = page.OdataNextLink is { } next ? await client.Users.WithUrl(next).GetAsync(cancellationToken: ct) : null;
        }

        return users;
    }

    // Keys in order, values with their JSON kind: a bool and the text "true" differ, as do a list and its text.
    private static string Describe(SourceObject user) =>
        JsonSerializer.Serialize(new SortedDictionary<string, object?>(user.Attributes.ToDictionary(), StringComparer.Ordinal)) + $"|{user.Change}";
}
