using System.Security.Cryptography;
using System.Text;
using Portal.Provisioning.Source;

namespace Portal.Provisioning.Cycles;

/// <summary>
/// A digest of everything that decides who is entitled, with which roles, that Graph's delta does not report: the
/// app-role assignments and app roles (read in full each cycle) and the job's scope settings. Group memberships are
/// not in it: their changes arrive through the groups delta.
/// </summary>
internal static class EntitlementDigest
{
    public static string Of(DirectoryReadHead head, JobConfiguration config) => Of(head.Assignments, head.AppRoles, config);

    public static string Of(IEnumerable<AppRoleAssignment> assignments, IEnumerable<AppRole> appRoles, JobConfiguration config)
    {
        var text = new StringBuilder()
            .Append(config.Job.Scope).Append('|').Append(config.Job.ExpandNestedGroups).Append('|')
            .AppendJoin(',', config.Application.RequiredRoleValues.Order(StringComparer.Ordinal)).Append('|');
        foreach (var role in appRoles.OrderBy(r => r.Id, StringComparer.Ordinal))
        {
            text.Append(role.Id).Append('=').Append(role.Value).Append(';');
        }

        text.Append('|');
        foreach (var assignment in assignments.Select(a => $"{a.PrincipalId.ToLowerInvariant()}:{a.PrincipalType}:{a.AppRoleId};").Order(StringComparer.Ordinal))
        {
            text.Append(assignment);
        }

        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
