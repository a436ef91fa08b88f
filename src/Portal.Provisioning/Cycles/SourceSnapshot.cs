using Portal.Data.Entities;
using Portal.Provisioning.Source;

namespace Portal.Provisioning.Cycles;

/// <summary>
/// Group memberships as the engine knows them: from a full read, or the previous cycle's snapshot (kept on the group
/// links) with a delta's added and removed members applied. Needed because a delta names only what changed, while
/// scope (members of assigned groups) and membership export need the whole list.
/// </summary>
internal sealed class SourceSnapshot
{
    private readonly Dictionary<string, HashSet<string>> _members = new(StringComparer.OrdinalIgnoreCase);
    private Dictionary<string, HashSet<string>>? _groupsOf;

    public SourceSnapshot(DirectoryReadHead read, IEnumerable<LinkedObject> groupLinks)
    {
        if (read.IsDelta)
        {
            foreach (var link in groupLinks)
            {
                _members[link.SourceId] = new HashSet<string>(LinkValues.List(link, LinkValues.SourceMembers), StringComparer.OrdinalIgnoreCase);
            }
        }

        foreach (var group in read.Groups)
        {
            if (group.Change != SourceChange.Present)
            {
                _members.Remove(group.Id);
                continue;
            }

            if (group.Members is not { } members)
            {
                _members.TryAdd(group.Id, new HashSet<string>(StringComparer.OrdinalIgnoreCase));
                continue;
            }

            var set = members.IsFullList || !_members.TryGetValue(group.Id, out var known)
                ? new HashSet<string>(StringComparer.OrdinalIgnoreCase)
                : known;
            set.UnionWith(members.Added);
            set.ExceptWith(members.Removed);
            _members[group.Id] = set;
        }
    }

    public IReadOnlyCollection<string> MembersOf(string groupId) => _members.TryGetValue(groupId, out var m) ? m : [];

    public bool Knows(string groupId) => _members.ContainsKey(groupId);

    public IReadOnlySet<string> GroupsOf(string userId)
    {
        _groupsOf ??= Invert();
        return _groupsOf.TryGetValue(userId, out var groups) ? groups : EmptySet;
    }

    private static readonly HashSet<string> EmptySet = [];

    private Dictionary<string, HashSet<string>> Invert()
    {
        var result = new Dictionary<string, HashSet<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (group, members) in _members)
        {
            foreach (var member in members)
            {
                if (!result.TryGetValue(member, out var set))
                {
                    result[member] = set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                }

                set.Add(group);
            }
        }

        return result;
    }
}
