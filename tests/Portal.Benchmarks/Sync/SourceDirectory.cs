namespace Portal.Benchmarks.Sync;

/// <summary>A user as the harness reads it from the Graph emulator: what the default mapping exports, and whether it is enabled.</summary>
public sealed record SourceUser(
    string Id,
    string UserPrincipalName,
    bool AccountEnabled,
    string? DisplayName,
    string? GivenName,
    string? Surname,
    string? Mail,
    string? JobTitle,
    string? Department);

/// <summary>A group with the ids of its direct members.</summary>
public sealed record SourceGroup(string Id, string DisplayName, IReadOnlyList<string> MemberIds);

/// <summary>The source directory as Graph serves it (users in id order, then groups), read page by page over loopback.</summary>
public sealed record SourceDirectory(IReadOnlyList<SourceUser> Users, IReadOnlyList<SourceGroup> Groups)
{
    /// <summary>Users the default SCIM mappings export: disabled ones are never created (soft-deleted ones Graph does not list).</summary>
    public IReadOnlyList<SourceUser> EnabledUsers => [.. Users.Where(u => u.AccountEnabled)];
}
