using Microsoft.Graph.Models.ODataErrors;

namespace Portal.Provisioning.Source.Graph;

/// <summary>The outcome of one delta round over users or groups.</summary>
internal enum DeltaRound { Done, Expired, Failed }

/// <summary>
/// Delta rounds: follow the stored deltaLink through every nextLink to the new deltaLink. An object can appear more
/// than once in a round (large groups span pages), so entries are merged per id. 410 Gone, <c>syncStateNotFound</c>
/// and <c>resyncRequired</c> mean the link expired: the caller does a full read instead.
/// </summary>
internal static class GraphDeltaReader
{
    public static async Task<(DeltaRound Round, List<SourceObject> Users, string? DeltaLink)> UsersAsync(
        GraphReadSession session, string deltaLink, IReadOnlyCollection<string> requested)
    {
        var users = new Dictionary<string, SourceObject>(StringComparer.OrdinalIgnoreCase);
        var (round, newLink) = await RoundAsync(session, "users (delta)", GraphFailure.UserPermission, deltaLink,
            async (link, ct) =>
            {
                var page = await session.Client.Users.Delta.WithUrl(link).GetAsDeltaGetResponseAsync(cancellationToken: ct);
                foreach (var user in page?.Value ?? [])
                {
                    var read = GraphObjectConverter.User(user, requested, fillMissing: false);
                    users[read.Id] = users.TryGetValue(read.Id, out var earlier) && read.Change == SourceChange.Present
                        ? read with { Attributes = Merge(earlier.Attributes, read.Attributes) }
                        : read;
                }

                return (page?.OdataNextLink, page?.OdataDeltaLink);
            });
        return (round, [.. users.Values], newLink);
    }

    public static async Task<(DeltaRound Round, List<SourceObject> Groups, string? DeltaLink)> GroupsAsync(
        GraphReadSession session, string deltaLink, IReadOnlyCollection<string> requested)
    {
        var groups = new Dictionary<string, (SourceObject Group, HashSet<string> Added, HashSet<string> Removed)>(StringComparer.OrdinalIgnoreCase);
        var (round, newLink) = await RoundAsync(session, "groups (delta)", GraphFailure.GroupPermission, deltaLink,
            async (link, ct) =>
            {
                var page = await session.Client.Groups.Delta.WithUrl(link).GetAsDeltaGetResponseAsync(cancellationToken: ct);
                foreach (var group in page?.Value ?? [])
                {
                    var read = GraphObjectConverter.Group(group, requested, fillMissing: false, members: null);
                    var (added, removed) = GraphObjectConverter.MemberChanges(group);
                    if (!groups.TryGetValue(read.Id, out var entry))
                    {
                        entry = (read, new HashSet<string>(StringComparer.OrdinalIgnoreCase), new HashSet<string>(StringComparer.OrdinalIgnoreCase));
                    }
                    else if (read.Change != SourceChange.Present)
                    {
                        entry = entry with { Group = read };
                    }
                    else
                    {
                        entry = entry with { Group = read with { Attributes = Merge(entry.Group.Attributes, read.Attributes) } };
                    }

                    // The last word per member wins: a member added then removed within a round is removed.
                    foreach (var id in added) { entry.Added.Add(id); entry.Removed.Remove(id); }
                    foreach (var id in removed) { entry.Removed.Add(id); entry.Added.Remove(id); }
                    groups[read.Id] = entry;
                }

                return (page?.OdataNextLink, page?.OdataDeltaLink);
            });
        var list = groups.Values.Select(e => e.Added.Count + e.Removed.Count == 0
            ? e.Group
            : e.Group with { Members = new GroupMembers([.. e.Added], [.. e.Removed], IsFullList: false) }).ToList();
        return (round, list, newLink);
    }

    /// <summary>A "sync from now" link (<c>$deltatoken=latest</c>): taken before a full read so the next cycle can be a delta.</summary>
    public static async Task<string?> LatestLinkAsync(GraphReadSession session, string resource, IReadOnlyList<string> select)
    {
        var url = $"{session.GraphBaseUrl}/{resource}/delta?$select={string.Join(',', select)}&$deltatoken=latest";
        try
        {
            return resource == "users"
                ? (await session.Client.Users.Delta.WithUrl(url).GetAsDeltaGetResponseAsync(cancellationToken: session.CancellationToken))?.OdataDeltaLink
                : (await session.Client.Groups.Delta.WithUrl(url).GetAsDeltaGetResponseAsync(cancellationToken: session.CancellationToken))?.OdataDeltaLink;
        }
        catch (Exception ex) when (!(ex is OperationCanceledException && session.CancellationToken.IsCancellationRequested))
        {
            // The full read itself is unaffected; without a link the next cycle is another full read.
            session.Note($"No delta link for {resource} could be taken ({ex.GetType().Name}); the next cycle reads {resource} in full again.");
            return null;
        }
    }

    private static async Task<(DeltaRound, string?)> RoundAsync(
        GraphReadSession session, string what, string permission, string deltaLink,
        Func<string, CancellationToken, Task<(string? Next, string? Delta)>> readPage)
    {
        var link = deltaLink;
        try
        {
            while (true)
            {
                var (next, delta) = await readPage(link, session.CancellationToken);
                if (delta is not null)
                {
                    return (DeltaRound.Done, delta);
                }

                if (next is null)
                {
                    session.Fail($"Reading {what} failed: a page had neither a nextLink nor a deltaLink.");
                    return (DeltaRound.Failed, null);
                }

                link = next;
            }
        }
        catch (ODataError error) when (IsExpired(error))
        {
            return (DeltaRound.Expired, null);
        }
        catch (Exception ex) when (!(ex is OperationCanceledException && session.CancellationToken.IsCancellationRequested))
        {
            session.Fail(GraphFailure.Describe(what, permission, ex, session.Options.MaxRetries));
            return (DeltaRound.Failed, null);
        }
    }

    private static bool IsExpired(ODataError error) =>
        error.ResponseStatusCode == 410 || error.Error?.Code is "syncStateNotFound" or "resyncRequired";

    private static Dictionary<string, object?> Merge(IReadOnlyDictionary<string, object?> earlier, IReadOnlyDictionary<string, object?> later)
    {
        var merged = new Dictionary<string, object?>(earlier, StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in later)
        {
            merged[key] = value;
        }

        return merged;
    }
}
