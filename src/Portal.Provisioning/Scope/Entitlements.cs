using Portal.Provisioning.Source;

namespace Portal.Provisioning.Scope;

/// <summary>
/// Who is assigned to the application with a role that provisions. "Default Access" and roles outside the
/// application's required role values never count (the seeds' rule); a group assignment entitles the group's members
/// (direct members, or all members when the source expanded nested groups).
/// </summary>
public sealed class Entitlements
{
    private readonly Dictionary<string, Dictionary<string, AppRole>> _userRoles = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Dictionary<string, AppRole>> _groupRoles = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _assignedOnlyWithoutRole = new(StringComparer.OrdinalIgnoreCase);

    private Entitlements()
    {
    }

    /// <remarks>members: Source member ids of each group, as known to the engine (full read or kept snapshot).</remarks>
    public static Entitlements From(
        IEnumerable<AppRoleAssignment> assignments,
        IEnumerable<AppRole> appRoles,
        IReadOnlyCollection<string> requiredRoleValues,
        Func<string, IEnumerable<string>> members)
    {
        var roles = appRoles.ToDictionary(r => r.Id, StringComparer.OrdinalIgnoreCase);
        var required = new HashSet<string>(requiredRoleValues, StringComparer.OrdinalIgnoreCase);
        var result = new Entitlements();
        foreach (var assignment in assignments)
        {
            var role = roles.GetValueOrDefault(assignment.AppRoleId);
            var valid = assignment.AppRoleId != AppRole.DefaultAccessId && role is not null
                && (required.Count == 0 || (role.Value is { } v && required.Contains(v)));
            if (!valid)
            {
                if (assignment.PrincipalType == PrincipalType.User)
                {
                    result._assignedOnlyWithoutRole.Add(assignment.PrincipalId);
                }
                else
                {
                    foreach (var member in members(assignment.PrincipalId))
                    {
                        result._assignedOnlyWithoutRole.Add(member);
                    }
                }

                continue;
            }

            var roleValue = role!;
            if (assignment.PrincipalType == PrincipalType.User)
            {
                Add(result._userRoles, assignment.PrincipalId, roleValue);
                continue;
            }

            Add(result._groupRoles, assignment.PrincipalId, roleValue);
            foreach (var member in members(assignment.PrincipalId))
            {
                Add(result._userRoles, member, roleValue);
            }
        }

        return result;
    }

    /// <summary>Users entitled to provision (assigned, directly or through a group, with a valid role).</summary>
    public IEnumerable<string> EntitledUsers => _userRoles.Keys;

    /// <summary>Groups assigned with a valid role.</summary>
    public IEnumerable<string> EntitledGroups => _groupRoles.Keys;

    public bool IsUserEntitled(string userId) => _userRoles.ContainsKey(userId);

    public bool IsGroupEntitled(string groupId) => _groupRoles.ContainsKey(groupId);

    /// <summary>Assigned, but only with Default Access or a role the application does not require.</summary>
    public bool IsAssignedWithoutValidRole(string principalId) =>
        _assignedOnlyWithoutRole.Contains(principalId) && !_userRoles.ContainsKey(principalId) && !_groupRoles.ContainsKey(principalId);

    /// <summary>Role values of a user's valid assignments, sorted (for SingleAppRoleAssignment and AppRoleAssignmentsComplex).</summary>
    public IReadOnlyList<string> RolesOf(string principalId) =>
        [.. AppRolesOf(principalId).Select(r => r.Value ?? r.DisplayName).Order(StringComparer.Ordinal)];

    /// <summary>The app roles of a principal's valid assignments, for the expression language's role functions.</summary>
    public IReadOnlyList<AppRole> AppRolesOf(string principalId) =>
        _userRoles.TryGetValue(principalId, out var r) || _groupRoles.TryGetValue(principalId, out r)
            ? [.. r.Values.OrderBy(v => v.Value ?? v.DisplayName, StringComparer.Ordinal)]
            : [];

    private static void Add(Dictionary<string, Dictionary<string, AppRole>> map, string id, AppRole role)
    {
        if (!map.TryGetValue(id, out var roles))
        {
            map[id] = roles = new Dictionary<string, AppRole>(StringComparer.OrdinalIgnoreCase);
        }

        roles[role.Id] = role;
    }
}
