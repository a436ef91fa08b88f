using Portal.Data.Entities;

namespace Portal.Provisioning.Source;

/// <summary>
/// Finding a user or group by the start of a name, in a form Graph answers without advanced queries: <c>startswith</c>
/// on the properties people search by, joined by <c>or</c>. A term of the user principal name's or mail's first part
/// finds the account as well as one of its display name.
/// </summary>
public static class DirectorySearch
{
    public static readonly IReadOnlyList<string> UserNames = ["displayName", "givenName", "surname", "userPrincipalName", "mail"];

    public static readonly IReadOnlyList<string> GroupNames = ["displayName", "mailNickname", "mail"];

    /// <summary>What a found object carries: enough to tell two people (or groups) of the same name apart.</summary>
    public static IReadOnlyList<string> Attributes(ObjectKind kind) =>
        kind == ObjectKind.User ? ["displayName", "userPrincipalName", "mail"] : ["displayName", "mail", "mailNickname"];

    /// <summary>The <c>$filter</c> for <paramref name="term"/>; a quote is doubled, as OData string literals escape it.</summary>
    public static string Filter(ObjectKind kind, string term)
    {
        var literal = term.Trim().Replace("'", "''", StringComparison.Ordinal);
        var names = kind == ObjectKind.User ? UserNames : GroupNames;
        return string.Join(" or ", names.Select(name => $"startswith({name},'{literal}')"));
    }
}
