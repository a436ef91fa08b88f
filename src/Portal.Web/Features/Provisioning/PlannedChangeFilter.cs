namespace Portal.Web.Features.Provisioning;

/// <summary>
/// The dry run's review: a plan of thousands of changes is read by action and by name, not scrolled through.
/// </summary>
public static class PlannedChangeFilter
{
    /// <summary>The changes of one action (any when null) whose name or source id contains the text, case-insensitively.</summary>
    public static IReadOnlyList<PlannedChangeView> Apply(IReadOnlyList<PlannedChangeView> changes, string? action, string? text)
    {
        var term = text?.Trim();
        return changes.Where(c => (action is null || c.Action == action)
                && (string.IsNullOrEmpty(term)
                    || c.SourceId.Contains(term, StringComparison.OrdinalIgnoreCase)
                    || c.DisplayName?.Contains(term, StringComparison.OrdinalIgnoreCase) == true))
            .ToList();
    }

    /// <summary>How many changes of each action, most first: "120 Create, 3 Disable".</summary>
    public static string Summary(IReadOnlyList<PlannedChangeView> changes) =>
        string.Join(", ", changes.GroupBy(c => c.Action).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Count()} {g.Key}"));

    /// <summary>
    /// How many updates change each attribute, most first: "name.givenName 52, title 3"; empty when nothing is updated.
    /// A mapping change reads here as the one attribute it moves on every account, beside the few the directory moved.
    /// </summary>
    public static string UpdatedAttributes(IReadOnlyList<PlannedChangeView> changes) =>
        string.Join(", ", changes.Where(c => c.Action == "Update").SelectMany(c => c.Changes.Select(p => p.Name).Distinct(StringComparer.Ordinal))
            .GroupBy(name => name, StringComparer.Ordinal).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Key} {g.Count()}"));
}
