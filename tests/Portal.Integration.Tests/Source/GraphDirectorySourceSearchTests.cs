using Portal.Data.Entities;

namespace Portal.Integration.Tests.Source;

/// <summary>
/// Finding users and groups by the start of a name through the SDK against the emulator, as provision on demand offers
/// anyone in the directory, assigned or not.
/// </summary>
public sealed class GraphDirectorySourceSearchTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SearchAsync_FindsUsersByAnyOfTheirNames_CaseInsensitive_UpToTop()
    {
        await using var sandbox = await GraphSandbox.StartAsync();
        var quenby = sandbox.Directory.AddUser(Person("Quenby O'Quill", "Quenby", "O'Quill", "qoquill@contoso.example"));
        var sean = sandbox.Directory.AddUser(Person("Seán Quillon", "Seán", "Quillon", "quillon.sean@contoso.example"));
        var source = sandbox.CreateSource();

        var byDisplayName = await source.SearchAsync(ObjectKind.User, "QUENB", 10, Ct);
        var bySurnameWithQuote = await source.SearchAsync(ObjectKind.User, "o'qui", 10, Ct);
        var byUserPrincipalName = await source.SearchAsync(ObjectKind.User, "quillon.", 10, Ct);
        var oneOfTwo = await source.SearchAsync(ObjectKind.User, "qu", 1, Ct);

        var found = Assert.Single(byDisplayName);
        Assert.Equal(quenby, found.Id);
        Assert.Equal("Quenby O'Quill", found.DisplayName);
        Assert.Equal("qoquill@contoso.example", found.Attributes["userPrincipalName"]);
        Assert.Equal([quenby], bySurnameWithQuote.Select(u => u.Id));
        Assert.Equal([sean], byUserPrincipalName.Select(u => u.Id));
        Assert.Single(oneOfTwo);
    }

    [Fact]
    public async Task SearchAsync_FindsGroupsByNameOrMailNickname()
    {
        await using var sandbox = await GraphSandbox.StartAsync();
        var pilots = sandbox.Directory.AddGroup(new Dictionary<string, object?> { ["displayName"] = "Zeppelin pilots", ["mailNickname"] = "airship-crew" });
        var source = sandbox.CreateSource();

        var byName = await source.SearchAsync(ObjectKind.Group, "ZEPP", 10, Ct);
        var byNickname = await source.SearchAsync(ObjectKind.Group, "airship", 10, Ct);
        var none = await source.SearchAsync(ObjectKind.Group, "no such group", 10, Ct);

        Assert.Equal(("Zeppelin pilots", ObjectKind.Group), (Assert.Single(byName).DisplayName, byName[0].Kind));
        Assert.Equal([pilots], byNickname.Select(g => g.Id));
        Assert.Empty(none);
    }

    private static Dictionary<string, object?> Person(string displayName, string givenName, string surname, string userPrincipalName) => new()
    {
        ["displayName"] = displayName,
        ["givenName"] = givenName,
        ["surname"] = surname,
        ["userPrincipalName"] = userPrincipalName,
        ["mail"] = userPrincipalName,
        ["accountEnabled"] = true,
    };
}
