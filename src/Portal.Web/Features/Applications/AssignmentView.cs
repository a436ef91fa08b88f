using Portal.Provisioning.Source;

namespace Portal.Web.Features.Applications;

/// <summary>An assignment as the Users and groups tab lists it; <see cref="Provisions"/> is false for Default Access.</summary>
public sealed record AssignmentView(string PrincipalId, PrincipalType Type, string? DisplayName, string RoleId, string RoleName, bool Provisions,
    string? AssignmentId = null);

/// <summary>
/// The app's assignments and roles, or why they could not be read; <paramref name="MayAssign"/>: whether the portal may
/// assign in the directory, as last learnt (null: not known).
/// </summary>
public sealed record AssignmentsResult(bool Succeeded, string? Problem, IReadOnlyList<AssignmentView> Assignments, IReadOnlyList<AppRole> Roles,
    bool? MayAssign = null);

/// <summary>A member of a group, by object id and name; <paramref name="Enabled"/> false: disabled in the directory.</summary>
public sealed record DirectoryMember(string Id, string? DisplayName, bool Enabled = true);

/// <summary>
/// The first members of a group (<see cref="DirectoryMember"/>), how many it has, or why they could not be read;
/// <paramref name="Nested"/>: the members of its nested groups are counted among them.
/// </summary>
public sealed record GroupMembersView(IReadOnlyList<DirectoryMember> Members, int Total, string? Problem, bool Nested = false)
{
    /// <summary>The group has users beyond those listed.</summary>
    public bool More { get; init; }
}

/// <summary>
/// A user or group provision on demand may take, found by name or object id; <see cref="Assignment"/> names its direct
/// assignment's role when it has one.
/// </summary>
public sealed record DirectoryPick(string Id, string? DisplayName, string? Detail, string? Assignment)
{
    public string Name => DisplayName ?? Id;
}

/// <summary>What a search for provision on demand found, or why the directory could not be searched.</summary>
public sealed record DirectoryPicks(IReadOnlyList<DirectoryPick> Picks, string? Problem);
