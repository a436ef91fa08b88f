using Portal.Data.Entities;
using Portal.Provisioning.Source;

namespace Portal.Web.Features.Applications;

public sealed partial class DirectoryAccess
{
    /// <summary>How many users or groups one search for provision on demand lists.</summary>
    public const int MaxPicks = 20;

    /// <summary>
    /// The users or groups provision on demand offers for <paramref name="term"/>: with no term the assigned ones; with an
    /// object id that object; otherwise the assigned whose name holds the term, then anyone in the directory whose name
    /// starts with it (with scope "all users and groups" the unassigned are in scope too, and otherwise the on-demand
    /// result says why one is not).
    /// </summary>
    public async Task<DirectoryPicks> FindAsync(
        Guid applicationId, ObjectKind kind, string? term, IReadOnlyList<AssignmentView> assignments, CancellationToken cancellationToken = default)
    {
        var type = kind == ObjectKind.User ? PrincipalType.User : PrincipalType.Group;
        var assigned = assignments.Where(a => a.Type == type)
            .GroupBy(a => a.PrincipalId, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        term = term?.Trim();
        if (string.IsNullOrEmpty(term))
        {
            return new DirectoryPicks([.. assigned.Values.Select(Pick).OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase).Take(MaxPicks)], null);
        }

        var isId = Guid.TryParse(term, out _);
        var picks = assigned.Values
            .Where(a => isId ? a.PrincipalId.Equals(term, StringComparison.OrdinalIgnoreCase) : a.DisplayName?.Contains(term, StringComparison.OrdinalIgnoreCase) == true)
            .Select(Pick).OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase).Take(MaxPicks).ToList();
        if (isId && picks.Count > 0)
        {
            return new DirectoryPicks(picks, null);
        }

        var (source, _, problem) = await ConnectAsync(applicationId, cancellationToken);
        if (source is null)
        {
            // Without a directory to ask, an id is still taken as typed: the on-demand run says whether it exists.
            return new DirectoryPicks(isId ? [new DirectoryPick(term, null, "object id", null)] : picks, problem);
        }

        try
        {
            var found = isId
                ? await source.GetAsync(kind, term, new DirectoryQuery("", DirectorySearch.Attributes(kind), DirectorySearch.Attributes(kind)), cancellationToken) is { } one ? [one] : []
                : await source.SearchAsync(kind, term, MaxPicks, cancellationToken);
            var known = picks.Select(p => p.Id).ToHashSet(StringComparer.OrdinalIgnoreCase);
            picks.AddRange(found.Where(o => known.Add(o.Id))
                .Select(o => new DirectoryPick(o.Id, o.DisplayName, Detail(o), assigned.GetValueOrDefault(o.Id)?.RoleName)));
            return new DirectoryPicks([.. picks.Take(MaxPicks)], null);
        }
        catch (DirectorySourceException e)
        {
            return new DirectoryPicks(picks, e.Message);
        }
    }

    private static DirectoryPick Pick(AssignmentView a) => new(a.PrincipalId, a.DisplayName, null, a.RoleName);

    private static string? Detail(SourceObject found) =>
        (found.Attributes.GetValueOrDefault("userPrincipalName") ?? found.Attributes.GetValueOrDefault("mail") ?? found.Attributes.GetValueOrDefault("mailNickname")) as string;
}
