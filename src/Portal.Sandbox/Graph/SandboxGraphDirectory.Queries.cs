namespace Portal.Sandbox.Graph;

/// <summary>A user or group as one response entry; <see cref="RemovedReason"/> is set for <c>@removed</c> entries.</summary>
internal sealed record GraphObjectView(
    string Id,
    string ODataType,
    IReadOnlyDictionary<string, object?> Properties,
    string? ManagerId,
    string? RemovedReason = null,
    IReadOnlyList<MemberChange>? MemberChanges = null);

internal sealed record MemberChange(string Id, string ODataType, bool Removed);

/// <summary>One page and where the next one starts (keyset: after <see cref="LastId"/>).</summary>
internal sealed record ObjectPage(IReadOnlyList<GraphObjectView> Items, string? LastId, bool HasMore);

internal enum DirectoryObjectKind { Users, Groups }

public sealed partial class SandboxGraphDirectory
{
    internal long CurrentSequence { get { lock (gate) { return sequence; } } }

    public SandboxUser? GetUser(string id)
    {
        lock (gate)
        {
            return users.TryGetValue(id, out var u) ? new SandboxUser(u.Id, u.Properties, u.ManagerId, false)
                : deletedUsers.TryGetValue(id, out var d) ? new SandboxUser(d.Id, d.Properties, d.ManagerId, true)
                : null;
        }
    }

    public IReadOnlyList<SandboxUser> Users()
    {
        lock (gate) { return [.. userIds.After(null).Select(id => users[id]).Select(u => new SandboxUser(u.Id, u.Properties, u.ManagerId, false))]; }
    }

    /// <summary>Users in deleted items (soft-deleted, restorable), in id order.</summary>
    public IReadOnlyList<SandboxUser> DeletedUsers()
    {
        lock (gate)
        {
            return [.. deletedUsers.Values.OrderBy(u => u.Id, StringComparer.OrdinalIgnoreCase)
                .Select(u => new SandboxUser(u.Id, u.Properties, u.ManagerId, true))];
        }
    }

    public IReadOnlyList<SandboxGroup> Groups()
    {
        lock (gate) { return [.. groupIds.After(null).Select(id => groups[id]).Select(g => new SandboxGroup(g.Id, g.Properties, [.. g.Members.Keys]))]; }
    }

    internal GraphObjectView? Find(DirectoryObjectKind kind, string id)
    {
        lock (gate)
        {
            StoredObject? stored = kind == DirectoryObjectKind.Users ? users.GetValueOrDefault(id) : groups.GetValueOrDefault(id);
            return stored is null ? null : View(stored);
        }
    }

    internal ObjectPage List(DirectoryObjectKind kind, string? afterId, int top, Func<GraphObjectView, bool>? filter)
    {
        lock (gate)
        {
            var ids = kind == DirectoryObjectKind.Users ? userIds : groupIds;
            var items = new List<GraphObjectView>(Math.Min(top, 1000));
            string? last = null;
            foreach (var id in ids.After(afterId))
            {
                if (items.Count == top)
                {
                    return new ObjectPage(items, last, HasMore: true);
                }

                StoredObject stored = kind == DirectoryObjectKind.Users ? users[id] : groups[id];
                var view = View(stored);
                last = id;
                if (filter is null || filter(view))
                {
                    items.Add(view);
                }
            }

            return new ObjectPage(items, last, HasMore: false);
        }
    }

    /// <summary>Direct members (or, transitively, every nested user and group) of a group; null when the group does not exist.</summary>
    internal IReadOnlyList<GraphObjectView>? Members(string groupId, bool transitive)
    {
        lock (gate)
        {
            if (!groups.TryGetValue(groupId, out var group))
            {
                return null;
            }

            var found = new SortedDictionary<string, GraphObjectView>(StringComparer.OrdinalIgnoreCase);
            var pending = new Queue<StoredGroup>([group]);
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { group.Id };
            while (pending.TryDequeue(out var current))
            {
                foreach (var memberId in current.Members.Keys)
                {
                    if (users.TryGetValue(memberId, out var user))
                    {
                        found.TryAdd(memberId, View(user));
                    }
                    else if (groups.TryGetValue(memberId, out var nested))
                    {
                        found.TryAdd(memberId, View(nested));
                        if (transitive && seen.Add(nested.Id))
                        {
                            pending.Enqueue(nested);
                        }
                    }
                }
            }

            return [.. found.Values];
        }
    }

    /// <summary>
    /// One page of a delta round over the change window (<paramref name="since"/>, <paramref name="upTo"/>]; the initial
    /// round (since = 0) returns every live object, with all direct members when <paramref name="withMembers"/>.
    /// </summary>
    internal ObjectPage Delta(DirectoryObjectKind kind, long since, long upTo, string? afterId, int pageSize, bool withMembers)
    {
        lock (gate)
        {
            if (since == 0)
            {
                var ids = kind == DirectoryObjectKind.Users ? userIds : groupIds;
                var initial = new List<GraphObjectView>(Math.Min(pageSize, 1000));
                string? last = null;
                foreach (var id in ids.After(afterId))
                {
                    if (initial.Count == pageSize)
                    {
                        return new ObjectPage(initial, last, HasMore: true);
                    }

                    initial.Add(DeltaView(kind == DirectoryObjectKind.Users ? users[id] : groups[id], 0, upTo, withMembers));
                    last = id;
                }

                return new ObjectPage(initial, last, HasMore: false);
            }

            var changed = new SortedDictionary<string, GraphObjectView>(StringComparer.OrdinalIgnoreCase);
            bool InWindow(long v) => v > since && v <= upTo;
            IEnumerable<StoredObject> live = kind == DirectoryObjectKind.Users ? users.Values : groups.Values;
            foreach (var stored in live)
            {
                var membersChanged = withMembers && stored is StoredGroup g && InWindow(g.MembersVersion);
                if ((InWindow(stored.Version) || membersChanged) && IsAfter(stored.Id, afterId))
                {
                    changed[stored.Id] = DeltaView(stored, since, upTo, withMembers);
                }
            }

            var tombstones = kind == DirectoryObjectKind.Users ? userTombstones : groupTombstones;
            foreach (var tombstone in tombstones.Values.Where(t => InWindow(t.Version) && IsAfter(t.Id, afterId)))
            {
                var type = kind == DirectoryObjectKind.Users ? GraphODataTypes.User : GraphODataTypes.Group;
                changed[tombstone.Id] = new GraphObjectView(
                    tombstone.Id, type, EmptyProperties, null, tombstone.IsPermanent ? "deleted" : "changed");
            }

            var page = changed.Values.Take(pageSize).ToList();
            return new ObjectPage(page, page.Count > 0 ? page[^1].Id : afterId, HasMore: changed.Count > pageSize);
        }
    }

    private static readonly IReadOnlyDictionary<string, object?> EmptyProperties = new Dictionary<string, object?>();

    private static bool IsAfter(string id, string? afterId) =>
        afterId is null || StringComparer.OrdinalIgnoreCase.Compare(id, afterId) > 0;

    private static GraphObjectView View(StoredObject stored) =>
        new(stored.Id, stored.ODataType, stored.Properties, (stored as StoredUser)?.ManagerId);

    private GraphObjectView DeltaView(StoredObject stored, long since, long upTo, bool withMembers)
    {
        if (!withMembers || stored is not StoredGroup group)
        {
            return View(stored);
        }

        var changes = new List<MemberChange>();
        foreach (var (memberId, seq) in group.Members)
        {
            if (since == 0 || (seq > since && seq <= upTo))
            {
                changes.Add(new MemberChange(memberId, MemberType(memberId), Removed: false));
            }
        }

        if (since > 0)
        {
            foreach (var (memberId, seq) in group.RemovedMembers)
            {
                if (seq > since && seq <= upTo)
                {
                    changes.Add(new MemberChange(memberId, MemberType(memberId), Removed: true));
                }
            }
        }

        return new GraphObjectView(group.Id, group.ODataType, group.Properties, null, MemberChanges: changes);
    }

    private string MemberType(string id) => groups.ContainsKey(id) || groupTombstones.ContainsKey(id) ? GraphODataTypes.Group : GraphODataTypes.User;
}
