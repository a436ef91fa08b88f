namespace Portal.Sandbox.Graph;

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

    /// <summary>What the demo tenant's portal app holds: the reads, and assigning users and groups from the portal.</summary>
    public static IReadOnlySet<string> Portal { get; } = new HashSet<string>(All, StringComparer.OrdinalIgnoreCase) { AppRoleAssignmentReadWriteAll };

    /// <summary>What the sandbox's admin client holds: every read plus the writes of the mutation API.</summary>
    public static IReadOnlySet<string> ReadWrite { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        UserReadAll, GroupReadAll, ApplicationReadAll, DirectoryReadWriteAll, AppRoleAssignmentReadWriteAll,
    };
}
