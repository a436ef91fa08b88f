using Portal.Data.Entities;

namespace Portal.Provisioning.Source;

/// <summary>
/// Reads a tenant's directory (users, groups, memberships, app-role assignments of one service principal).
/// The Graph implementation talks to Microsoft Graph or the offline emulator through the same SDK code path.
/// A read never throws for a failed page: it returns <see cref="DirectoryRead.IsComplete"/> = false with the reasons,
/// so the engine can still export creates and updates but must not infer any delete from it.
/// </summary>
public interface IDirectorySource
{
    /// <summary>
    /// Full read when <paramref name="query"/> carries no delta links, otherwise the changes since those links.
    /// Assignments and app roles are always read in full (Graph has no delta for them).
    /// </summary>
    async Task<DirectoryRead> ReadAsync(DirectoryQuery query, CancellationToken cancellationToken)
    {
        var collected = new CollectedRead();
        var read = await ReadAsync(query, collected, cancellationToken);
        return read with { Users = collected.Users };
    }

    /// <summary>
    /// The same read, handed to <paramref name="sink"/> as it arrives: the head (assignments, app roles, groups with
    /// their members) before any user, then the users a page at a time, each page handed over only after the sink
    /// took the one before. The returned read carries no users (the sink had them) but all the rest.
    /// </summary>
    Task<DirectoryRead> ReadAsync(DirectoryQuery query, IDirectoryReadSink sink, CancellationToken cancellationToken);

    /// <summary>
    /// Only the app roles and the assignments of one service principal, with each principal's display name: who is
    /// assigned and with which role, without reading the directory's users and groups (the Users and groups tab of a
    /// tenant of any size). The returned read carries no users or groups.
    /// </summary>
    Task<DirectoryRead> ReadAssignmentsAsync(string servicePrincipalId, CancellationToken cancellationToken);

    /// <summary>One user or group by id with the queried attributes (provision on demand); null when it does not exist.</summary>
    Task<SourceObject?> GetAsync(ObjectKind kind, string id, DirectoryQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// The first <paramref name="top"/> users among a group's members — those of its nested groups too when the query
    /// expands them — with the query's user attributes, a page of up to 999 per request (not one request per member);
    /// <c>More</c>: the group has further users.
    /// </summary>
    Task<(IReadOnlyList<SourceObject> Users, bool More)> GroupUsersAsync(string groupId, DirectoryQuery query, int top, CancellationToken cancellationToken);

    /// <summary>
    /// Up to <paramref name="top"/> users or groups whose name starts with <paramref name="term"/>, with their display
    /// name, user principal name and mail: anyone in the directory found by name, not only the assigned (provision on
    /// demand). <see cref="DirectorySearch"/> says which names are looked at.
    /// </summary>
    Task<IReadOnlyList<SourceObject>> SearchAsync(ObjectKind kind, string term, int top, CancellationToken cancellationToken);

    /// <summary>
    /// Checks credentials and permissions; names a missing Graph permission in words an admin can act on. Without a
    /// service principal (no application linked yet) only reading users and groups is checked.
    /// </summary>
    Task<SourceConnectionTest> TestConnectionAsync(string? servicePrincipalId, CancellationToken cancellationToken);

    /// <summary>
    /// When the client secret in use expires, as the app registration lists it; null when no listed secret begins as it
    /// does (Graph shows only a secret's first three characters).
    /// </summary>
    /// <exception cref="DirectorySourceException">The directory refused (credentials, a permission).</exception>
    Task<ClientSecretStatus?> ReadClientSecretAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Asks the directory to POST a change notification to <paramref name="notificationUrl"/> whenever a user or group
    /// changes, for <paramref name="lifetime"/>: subscribes afresh, then ends this app's older subscriptions to that URL,
    /// so a renewed client state takes effect and nothing is left behind.
    /// </summary>
    /// <exception cref="DirectorySourceException">The directory refused (permission, validation of the URL, credentials).</exception>
    Task SubscribeToChangesAsync(Uri notificationUrl, string clientState, TimeSpan lifetime, CancellationToken cancellationToken);

    /// <summary>Assigns a user or group to the enterprise application with an app role; returns the new assignment.</summary>
    /// <exception cref="DirectorySourceException">The directory refused: a permission it lacks, an assignment that exists, a principal that does not.</exception>
    Task<AppRoleAssignment> AssignAsync(string servicePrincipalId, string principalId, string appRoleId, CancellationToken cancellationToken);

    /// <summary>Removes one assignment by its id; one already gone counts as removed.</summary>
    /// <exception cref="DirectorySourceException">The directory refused.</exception>
    Task UnassignAsync(string servicePrincipalId, string assignmentId, CancellationToken cancellationToken);
}

/// <summary>What to read. Attribute names are Graph property names as mappings and scoping filters use them.</summary>
public sealed record DirectoryQuery(
    string ServicePrincipalId,
    IReadOnlyCollection<string> UserAttributes,
    IReadOnlyCollection<string> GroupAttributes,
    bool ExpandNestedGroups = false,
    string? UsersDeltaLink = null,
    string? GroupsDeltaLink = null);

/// <summary>
/// The result of one read. <see cref="UsersDeltaLink"/>/<see cref="GroupsDeltaLink"/> are the new watermark, which the
/// engine commits only when the cycle finishes. <see cref="IsDelta"/> false with delta links requested means the
/// links had expired (410 / syncStateNotFound) and a full read was done instead.
/// </summary>
public sealed record DirectoryRead(
    IReadOnlyList<SourceObject> Users,
    IReadOnlyList<SourceObject> Groups,
    IReadOnlyList<AppRoleAssignment> Assignments,
    IReadOnlyList<AppRole> AppRoles,
    bool IsDelta,
    bool IsComplete,
    string? UsersDeltaLink,
    string? GroupsDeltaLink,
    IReadOnlyList<string> Problems);

/// <summary>
/// Takes a read as it streams in, so a directory of any size is never held whole: what must be known before the
/// first user (who is assigned, which groups hold whom) comes first.
/// </summary>
public interface IDirectoryReadSink
{
    Task HeadAsync(DirectoryReadHead head, CancellationToken cancellationToken);

    /// <remarks><paramref name="morePages"/>: further pages follow, so the sink knows a page is not the whole read.</remarks>
    Task UsersAsync(IReadOnlyList<SourceObject> page, bool morePages, CancellationToken cancellationToken);
}

/// <summary>What a read delivers before its users.</summary>
public sealed record DirectoryReadHead(
    IReadOnlyList<SourceObject> Groups,
    IReadOnlyList<AppRoleAssignment> Assignments,
    IReadOnlyList<AppRole> AppRoles,
    bool IsDelta);

/// <summary>Keeps every page: the whole read in memory, for callers that want it at once.</summary>
internal sealed class CollectedRead : IDirectoryReadSink
{
    public List<SourceObject> Users { get; } = [];

    public Task HeadAsync(DirectoryReadHead head, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task UsersAsync(IReadOnlyList<SourceObject> page, bool morePages, CancellationToken cancellationToken)
    {
        Users.AddRange(page);
        return Task.CompletedTask;
    }
}

public enum SourceChange
{
    /// <summary>Created or changed (or present, in a full read).</summary>
    Present,

    /// <summary>Graph <c>@removed: changed</c>: soft-deleted, still restorable.</summary>
    SoftDeleted,

    /// <summary>Graph <c>@removed: deleted</c>: permanently deleted.</summary>
    HardDeleted,
}

/// <summary>
/// A user or group as read. Attribute keys are case-insensitive Graph property names; values are
/// <see cref="string"/>, <see cref="bool"/>, <see cref="IReadOnlyList{T}"/> of string (multi-valued) or null.
/// <c>manager</c> holds the manager's object id. For a delta read only changed attributes may be present.
/// </summary>
public sealed record SourceObject(
    ObjectKind Kind,
    string Id,
    SourceChange Change,
    IReadOnlyDictionary<string, object?> Attributes,
    GroupMembers? Members = null)
{
    public string? DisplayName => Attributes.TryGetValue("displayName", out var v) ? v as string : null;

    /// <summary>Users only; a missing value counts as enabled.</summary>
    public bool AccountEnabled => !Attributes.TryGetValue("accountEnabled", out var v) || v is not false;
}

/// <summary>
/// Members of a group: the full list (<see cref="IsFullList"/>, in a full read; transitive users when nested
/// expansion is on) or the members added and removed since the watermark (delta).
/// </summary>
public sealed record GroupMembers(IReadOnlyList<string> Added, IReadOnlyList<string> Removed, bool IsFullList);

public enum PrincipalType { User, Group }

/// <summary>An appRoleAssignedTo entry. <see cref="AppRole.DefaultAccessId"/> is "Default Access", which never provisions.</summary>
/// <remarks><paramref name="Id"/>: the assignment's own id, which removing it names.</remarks>
public sealed record AppRoleAssignment(string PrincipalId, PrincipalType PrincipalType, string AppRoleId, string? PrincipalDisplayName, string? Id = null);

public sealed record AppRole(string Id, string? Value, string DisplayName)
{
    public const string DefaultAccessId = "00000000-0000-0000-0000-000000000000";
}

/// <summary>
/// Test Connection of the directory; <paramref name="CredentialsRejected"/> when the client id or secret was refused;
/// <paramref name="ClientSecret"/> when the test succeeded and the secret in use was found among the app registration's;
/// <paramref name="MayAssign"/>: whether the optional permission to assign users and groups is granted (null: not known).
/// </summary>
public sealed record SourceConnectionTest(
    bool Succeeded, string Message, IReadOnlyList<string> MissingPermissions, bool CredentialsRejected = false, ClientSecretStatus? ClientSecret = null,
    bool? MayAssign = null);
