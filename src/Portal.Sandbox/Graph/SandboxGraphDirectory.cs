namespace Portal.Sandbox.Graph;

/// <summary>
/// The emulator's thread-safe in-memory directory and its mutation API (used by tests, benchmarks and the Sandbox
/// page). Every change takes the next change sequence number, which is what delta rounds are cut by.
/// </summary>
public sealed partial class SandboxGraphDirectory(string tenantId, TimeProvider? timeProvider = null)
{
    private readonly Lock gate = new();
    private readonly TimeProvider time = timeProvider ?? TimeProvider.System;
    private readonly Dictionary<string, StoredUser> users = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, StoredUser> deletedUsers = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, StoredGroup> groups = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Tombstone> userTombstones = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Tombstone> groupTombstones = new(StringComparer.OrdinalIgnoreCase);
    private readonly SortedIds userIds = new();
    private readonly SortedIds groupIds = new();
    private readonly Dictionary<string, SandboxServicePrincipal> servicePrincipals = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, List<SandboxAssignment>> assignments = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, SandboxClient> clients = new(StringComparer.OrdinalIgnoreCase);
    private long sequence;
    private int assignmentCounter;

    public string TenantId { get; } = tenantId;

    /// <summary>
    /// Raised after each change of a user or a group, outside the lock, as Graph sends change notifications; changes of
    /// app-role assignments raise none (Graph has no change notifications for them either).
    /// </summary>
    public event Action<DirectoryChange>? Changed;

    /// <summary>Bumped by <see cref="ExpireDeltaTokens"/>; delta tokens from an older generation answer 410 / syncStateNotFound.</summary>
    public int DeltaGeneration { get; private set; } = 1;

    public int UserCount { get { lock (gate) { return users.Count; } } }

    public int GroupCount { get { lock (gate) { return groups.Count; } } }

    public void RegisterClient(SandboxClient client)
    {
        lock (gate) { clients[client.ClientId] = client; }
    }

    public SandboxClient? FindClient(string clientId)
    {
        lock (gate) { return clients.GetValueOrDefault(clientId); }
    }

    public IReadOnlyList<SandboxClient> Clients()
    {
        lock (gate) { return [.. clients.Values]; }
    }

    /// <summary>Makes every delta link issued so far invalid, as tenant maintenance or the 7-day expiry would.</summary>
    public void ExpireDeltaTokens()
    {
        lock (gate) { DeltaGeneration++; }
    }

    public string AddUser(IReadOnlyDictionary<string, object?> properties, string? id = null, string? managerId = null)
    {
        id ??= Guid.NewGuid().ToString();
        lock (gate)
        {
            if (users.ContainsKey(id) || groups.ContainsKey(id))
            {
                throw new InvalidOperationException($"Object {id} already exists.");
            }

            var props = new Dictionary<string, object?>(properties, StringComparer.OrdinalIgnoreCase);
            props.TryAdd("accountEnabled", true);
            users[id] = new StoredUser(id, props, ++sequence) { ManagerId = managerId };
            userIds.Add(id);
            userTombstones.Remove(id);
        }

        Raise(DirectoryChange.Users, id, DirectoryChange.Created);
        return id;
    }

    /// <summary>Sets or clears (null value) properties; disabling is <c>accountEnabled = false</c>.</summary>
    public void UpdateUser(string id, IReadOnlyDictionary<string, object?> changes)
    {
        lock (gate)
        {
            var user = RequireUser(id);
            var props = new Dictionary<string, object?>(user.Properties, StringComparer.OrdinalIgnoreCase);
            foreach (var (key, value) in changes)
            {
                props[key] = value;
            }

            user.Properties = props;
            user.Version = ++sequence;
        }

        Raise(DirectoryChange.Users, id, DirectoryChange.Updated);
    }

    public void DisableUser(string id) => UpdateUser(id, new Dictionary<string, object?> { ["accountEnabled"] = false });

    public void EnableUser(string id) => UpdateUser(id, new Dictionary<string, object?> { ["accountEnabled"] = true });

    public void SetManager(string id, string? managerId)
    {
        lock (gate)
        {
            var user = RequireUser(id);
            if (managerId is not null)
            {
                RequireUser(managerId);
            }

            user.ManagerId = managerId;
            user.Version = ++sequence;
        }

        Raise(DirectoryChange.Users, id, DirectoryChange.Updated);
    }

    /// <summary>
    /// Moves the user to deleted items (restorable); delta reports <c>@removed: changed</c>. As in Entra, the user's group
    /// memberships and app-role assignments are kept with it and come back on restore.
    /// </summary>
    public void SoftDeleteUser(string id)
    {
        lock (gate)
        {
            var user = RequireUser(id);
            user.BeforeDeletion = ([.. groups.Values.Where(g => g.Members.ContainsKey(id)).Select(g => g.Id)],
                [.. assignments.Values.SelectMany(list => list).Where(a => string.Equals(a.PrincipalId, id, StringComparison.OrdinalIgnoreCase))]);
            RemoveLiveUser(user);
            deletedUsers[id] = user;
            userTombstones[id] = new Tombstone(id, ++sequence, IsPermanent: false);
        }

        Raise(DirectoryChange.Users, id, DirectoryChange.Deleted);
    }

    public void RestoreUser(string id)
    {
        lock (gate)
        {
            if (!deletedUsers.Remove(id, out var user))
            {
                throw new KeyNotFoundException($"User {id} is not in deleted items.");
            }

            user.Version = ++sequence;
            users[id] = user;
            userIds.Add(id);
            userTombstones.Remove(id);
            var (memberOf, assigned) = user.BeforeDeletion ?? ([], []);
            user.BeforeDeletion = null;
            foreach (var group in memberOf.Select(groups.GetValueOrDefault).OfType<StoredGroup>())
            {
                AddMemberLocked(group, id);
            }

            foreach (var assignment in assigned.Where(a => assignments.ContainsKey(a.ResourceId)))
            {
                assignments[assignment.ResourceId].Add(assignment);
            }
        }

        Raise(DirectoryChange.Users, id, DirectoryChange.Created);
    }

    /// <summary>Deletes the user permanently (live or from deleted items); delta reports <c>@removed: deleted</c>.</summary>
    public void HardDeleteUser(string id)
    {
        lock (gate)
        {
            if (users.TryGetValue(id, out var user))
            {
                RemoveLiveUser(user);
            }
            else if (!deletedUsers.Remove(id))
            {
                throw new KeyNotFoundException($"User {id} does not exist.");
            }

            userTombstones[id] = new Tombstone(id, ++sequence, IsPermanent: true);
        }

        Raise(DirectoryChange.Users, id, DirectoryChange.Deleted);
    }

    public string AddGroup(IReadOnlyDictionary<string, object?> properties, string? id = null)
    {
        id ??= Guid.NewGuid().ToString();
        lock (gate)
        {
            if (users.ContainsKey(id) || groups.ContainsKey(id))
            {
                throw new InvalidOperationException($"Object {id} already exists.");
            }

            var props = new Dictionary<string, object?>(properties, StringComparer.OrdinalIgnoreCase);
            props.TryAdd("securityEnabled", true);
            props.TryAdd("mailEnabled", false);
            groups[id] = new StoredGroup(id, props, ++sequence);
            groupIds.Add(id);
            groupTombstones.Remove(id);
        }

        Raise(DirectoryChange.Groups, id, DirectoryChange.Created);
        return id;
    }

    public void UpdateGroup(string id, IReadOnlyDictionary<string, object?> changes)
    {
        lock (gate)
        {
            var group = RequireGroup(id);
            var props = new Dictionary<string, object?>(group.Properties, StringComparer.OrdinalIgnoreCase);
            foreach (var (key, value) in changes)
            {
                props[key] = value;
            }

            group.Properties = props;
            group.Version = ++sequence;
        }

        Raise(DirectoryChange.Groups, id, DirectoryChange.Updated);
    }

    /// <summary>Security groups are deleted permanently in Entra; the emulator does the same.</summary>
    public void DeleteGroup(string id)
    {
        lock (gate)
        {
            var group = RequireGroup(id);
            groups.Remove(id);
            groupIds.Remove(id);
            foreach (var other in groups.Values)
            {
                RemoveMemberLocked(other, id);
            }

            RemoveAssignmentsOf(id);
            groupTombstones[id] = new Tombstone(group.Id, ++sequence, IsPermanent: true);
        }

        Raise(DirectoryChange.Groups, id, DirectoryChange.Deleted);
    }

    public void AddMember(string groupId, string memberId)
    {
        lock (gate)
        {
            var group = RequireGroup(groupId);
            if (!users.ContainsKey(memberId) && !groups.ContainsKey(memberId))
            {
                throw new KeyNotFoundException($"Object {memberId} does not exist.");
            }

            AddMemberLocked(group, memberId);
        }

        Raise(DirectoryChange.Groups, groupId, DirectoryChange.Updated);
    }

    private void AddMemberLocked(StoredGroup group, string memberId)
    {
        if (group.Members.ContainsKey(memberId))
        {
            return;
        }

        var seq = ++sequence;
        group.Members[memberId] = seq;
        group.RemovedMembers.Remove(memberId);
        group.MembersVersion = seq;
    }

    public void RemoveMember(string groupId, string memberId)
    {
        lock (gate) { RemoveMemberLocked(RequireGroup(groupId), memberId); }
        Raise(DirectoryChange.Groups, groupId, DirectoryChange.Updated);
    }

    private void RemoveMemberLocked(StoredGroup group, string memberId)
    {
        if (group.Members.Remove(memberId))
        {
            var seq = ++sequence;
            group.RemovedMembers[memberId] = seq;
            group.MembersVersion = seq;
        }
    }

    private void Raise(string resource, string id, string changeType) => Changed?.Invoke(new DirectoryChange(resource, id, changeType));

    private void RemoveLiveUser(StoredUser user)
    {
        users.Remove(user.Id);
        userIds.Remove(user.Id);
        foreach (var group in groups.Values)
        {
            RemoveMemberLocked(group, user.Id);
        }

        RemoveAssignmentsOf(user.Id);
    }

    private StoredUser RequireUser(string id) =>
        users.GetValueOrDefault(id) ?? throw new KeyNotFoundException($"User {id} does not exist.");

    private StoredGroup RequireGroup(string id) =>
        groups.GetValueOrDefault(id) ?? throw new KeyNotFoundException($"Group {id} does not exist.");
}
