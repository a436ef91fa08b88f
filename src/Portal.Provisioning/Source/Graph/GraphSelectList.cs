namespace Portal.Provisioning.Source.Graph;

/// <summary>
/// The <c>$select</c> lists: exactly the attributes mappings and scoping filters use, plus what the engine always
/// needs (<c>id</c>; <c>accountEnabled</c> for users, since disabled users are out of scope; <c>displayName</c> for
/// groups, which logs show). <c>manager</c> is a reference, read by <c>$expand</c> in full reads.
/// </summary>
internal sealed record GraphSelectList(IReadOnlyList<string> Users, IReadOnlyList<string> Groups, bool Manager)
{
    public const string ManagerAttribute = "manager";

    public static GraphSelectList For(DirectoryQuery query)
    {
        var manager = query.UserAttributes.Any(a => a.Equals(ManagerAttribute, StringComparison.OrdinalIgnoreCase));
        return new GraphSelectList(
            Build(["id", "accountEnabled"], query.UserAttributes),
            Build(["id", "displayName"], query.GroupAttributes),
            manager);
    }

    /// <summary>Users for a delta round: Graph tracks <c>manager</c> when it is selected there.</summary>
    public IReadOnlyList<string> UsersForDelta => Manager ? [.. Users, ManagerAttribute] : Users;

    /// <summary>Groups for a delta round: selecting <c>members</c> is what makes Graph report <c>members@delta</c>.</summary>
    public IReadOnlyList<string> GroupsForDelta => [.. Groups, "members"];

    private static List<string> Build(string[] required, IEnumerable<string> requested)
    {
        var list = new List<string>(required);
        foreach (var name in requested)
        {
            var property = GraphPropertyOf(name);
            if (property is not null && !list.Contains(property, StringComparer.OrdinalIgnoreCase))
            {
                list.Add(property);
            }
        }

        return list;
    }

    /// <summary>The Graph property holding an attribute: <c>extensionAttribute1</c> lives in <c>onPremisesExtensionAttributes</c>.</summary>
    private static string? GraphPropertyOf(string attribute)
    {
        if (attribute.Equals(ManagerAttribute, StringComparison.OrdinalIgnoreCase) || string.IsNullOrWhiteSpace(attribute))
        {
            return null;
        }

        if (attribute.StartsWith("extensionAttribute", StringComparison.OrdinalIgnoreCase))
        {
            return "onPremisesExtensionAttributes";
        }

        var dot = attribute.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 ? attribute[..dot] : attribute;
    }
}
