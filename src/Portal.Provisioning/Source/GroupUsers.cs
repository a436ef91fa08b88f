using Portal.Data.Entities;

namespace Portal.Provisioning.Source;

/// <summary>
/// The users among a group's first members, in member order, for provision on demand (its picker and its default of
/// the first five): without nested-group expansion a group's members include groups, which are not users. Each member
/// costs a look-up, four at a time, and the look-ups stop once enough users are found.
/// </summary>
public static class GroupUsers
{
    private const int LookupsAtOnce = 4;

    /// <summary>Up to <paramref name="keep"/> users among the first <paramref name="lookAt"/> members, and how many members the group has.</summary>
    public static async Task<(IReadOnlyList<SourceObject> Users, int MemberCount)> FirstAsync(
        IDirectorySource source, string groupId, DirectoryQuery query, int lookAt, int keep, CancellationToken cancellationToken)
    {
        var members = (await source.GetAsync(ObjectKind.Group, groupId, query, cancellationToken))?.Members?.Added ?? [];
        var users = new List<SourceObject>();
        foreach (var chunk in members.Take(lookAt).Chunk(LookupsAtOnce))
        {
            var found = await Task.WhenAll(chunk.Select(id => source.GetAsync(ObjectKind.User, id, query, cancellationToken)));
            users.AddRange(found.OfType<SourceObject>());
            if (users.Count >= keep)
            {
                break;
            }
        }

        return (users.Take(keep).ToList(), members.Count);
    }
}
