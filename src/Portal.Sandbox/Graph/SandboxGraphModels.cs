namespace Portal.Sandbox.Graph;

/// <summary>A user as the sandbox shows it (for the Sandbox page and tests).</summary>
public sealed record SandboxUser(string Id, IReadOnlyDictionary<string, object?> Properties, string? ManagerId, bool IsSoftDeleted)
{
    public string? DisplayName => Properties.GetValueOrDefault("displayName") as string;
    public string? UserPrincipalName => Properties.GetValueOrDefault("userPrincipalName") as string;
    public bool AccountEnabled => Properties.GetValueOrDefault("accountEnabled") is not false;
}

/// <summary>A group with its direct member ids.</summary>
public sealed record SandboxGroup(string Id, IReadOnlyDictionary<string, object?> Properties, IReadOnlyList<string> MemberIds)
{
    public string? DisplayName => Properties.GetValueOrDefault("displayName") as string;
}

/// <summary>An app role of a service principal (Graph <c>appRole</c>).</summary>
public sealed record SandboxAppRole(string Id, string DisplayName, string? Value, string Description = "");

/// <summary>An enterprise application (service principal) with its app roles.</summary>
public sealed record SandboxServicePrincipal(string Id, string AppId, string DisplayName, IReadOnlyList<SandboxAppRole> AppRoles);

/// <summary>One <c>appRoleAssignedTo</c> entry; <see cref="Id"/> is opaque, as in Graph.</summary>
public sealed record SandboxAssignment(
    string Id, string ResourceId, string PrincipalId, string PrincipalType, string AppRoleId, string? PrincipalDisplayName, DateTimeOffset CreatedDateTime);

/// <summary>
/// An app registration allowed to get tokens: its client secret and the Graph application permissions admin-consented
/// to it (User.Read.All, Group.Read.All, Application.Read.All, Directory.Read.All).
/// </summary>
public sealed record SandboxClient(string ClientId, string ClientSecret, IReadOnlySet<string> Permissions)
{
    public override string ToString() => $"SandboxClient {{ ClientId = {ClientId}, Permissions = {string.Join(",", Permissions)} }}";
}

public static class SandboxGraphPermissions
{
    public const string UserReadAll = "User.Read.All";
    public const string GroupReadAll = "Group.Read.All";
    public const string GroupMemberReadAll = "GroupMember.Read.All";
    public const string ApplicationReadAll = "Application.Read.All";
    public const string DirectoryReadAll = "Directory.Read.All";
    public const string UserReadWriteAll = "User.ReadWrite.All";
    public const string GroupReadWriteAll = "Group.ReadWrite.All";
    public const string AppRoleAssignmentReadWriteAll = "AppRoleAssignment.ReadWrite.All";
    public const string DirectoryReadWriteAll = "Directory.ReadWrite.All";

    public static IReadOnlySet<string> All { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        UserReadAll, GroupReadAll, ApplicationReadAll,
    };

    /// <summary>What the sandbox's admin client holds: every read plus the writes of the mutation API.</summary>
    public static IReadOnlySet<string> ReadWrite { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        UserReadAll, GroupReadAll, ApplicationReadAll, DirectoryReadWriteAll, AppRoleAssignmentReadWriteAll,
    };
}
