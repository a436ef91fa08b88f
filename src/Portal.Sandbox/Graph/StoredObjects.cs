namespace Portal.Sandbox.Graph;

/// <summary>
/// A user or group inside the emulator's store. Properties are replaced, never mutated, so a view handed out under the
/// lock stays consistent after the lock is released.
/// </summary>
internal class StoredObject(string id, string odataType, IReadOnlyDictionary<string, object?> properties, long version)
{
    public string Id { get; } = id;
    public string ODataType { get; } = odataType;
    public IReadOnlyDictionary<string, object?> Properties { get; set; } = properties;

    /// <summary>Change sequence of the last property change; delta rounds compare it with their window.</summary>
    public long Version { get; set; } = version;
}

internal sealed class StoredUser(string id, IReadOnlyDictionary<string, object?> properties, long version)
    : StoredObject(id, GraphODataTypes.User, properties, version)
{
    public string? ManagerId { get; set; }

    /// <summary>While in deleted items: the groups and app-role assignments the user had, which a restore gives back.</summary>
    public (List<string> Groups, List<SandboxAssignment> Assignments)? BeforeDeletion { get; set; }
}

internal sealed class StoredGroup(string id, IReadOnlyDictionary<string, object?> properties, long version)
    : StoredObject(id, GraphODataTypes.Group, properties, version)
{
    /// <summary>Direct member id → change sequence when it was added.</summary>
    public Dictionary<string, long> Members { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Former member id → change sequence when it was removed (a delta round reports it as <c>@removed</c>).</summary>
    public Dictionary<string, long> RemovedMembers { get; } = new(StringComparer.OrdinalIgnoreCase);

    public long MembersVersion { get; set; }
}

/// <summary>Why an object left the directory: soft delete (restorable) or permanent.</summary>
internal sealed record Tombstone(string Id, long Version, bool IsPermanent);

internal static class GraphODataTypes
{
    public const string User = "#microsoft.graph.user";
    public const string Group = "#microsoft.graph.group";
}
