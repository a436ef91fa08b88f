namespace Portal.Provisioning.Source.Graph;

/// <summary>
/// The enterprise application's app roles and its <c>appRoleAssignedTo</c> list. Graph has no delta for either, so both
/// are read in full every cycle (and filtered here: Graph cannot filter them by principal or role).
/// </summary>
internal static class GraphAssignmentReader
{
    public static async Task<List<AppRole>> AppRolesAsync(GraphReadSession session, string servicePrincipalId)
    {
        var sp = await session.TryAsync($"the enterprise application {servicePrincipalId}", GraphFailure.ApplicationPermission,
            ct => session.Client.ServicePrincipals[servicePrincipalId].GetAsync(
                rc => rc.QueryParameters.Select = ["id", "appId", "displayName", "appRoles"], ct));
        var roles = (sp?.AppRoles ?? [])
            .Where(r => r.Id is not null && r.IsEnabled != false)
            .Select(r => new AppRole(r.Id!.Value.ToString(), r.Value, r.DisplayName ?? r.Value ?? r.Id.Value.ToString()))
            .ToList();
        if (sp is not null && roles.All(r => r.Id != AppRole.DefaultAccessId))
        {
            // Graph does not list the implicit default role; assignments still reference it.
            roles.Add(new AppRole(AppRole.DefaultAccessId, null, "Default Access"));
        }

        return roles;
    }

    public static async Task<List<AppRoleAssignment>> AssignmentsAsync(GraphReadSession session, string servicePrincipalId)
    {
        var client = session.Client;
        var what = $"assignments of the enterprise application {servicePrincipalId}";
        var assignments = new List<AppRoleAssignment>();
        var page = await session.TryAsync(what, GraphFailure.ApplicationPermission, ct => client.ServicePrincipals[servicePrincipalId].AppRoleAssignedTo.GetAsync(
            rc => rc.QueryParameters.Top = session.Options.PageSize, ct));
        while (page is not null)
        {
            foreach (var a in page.Value ?? [])
            {
                if (a.PrincipalId is { } principal && a.PrincipalType is "User" or "Group")
                {
                    assignments.Add(new AppRoleAssignment(
                        principal.ToString(),
                        a.PrincipalType == "User" ? PrincipalType.User : PrincipalType.Group,
                        (a.AppRoleId ?? Guid.Empty).ToString(),
                        a.PrincipalDisplayName,
                        a.Id));
                }
            }

            if (page.OdataNextLink is not { } next)
            {
                break;
            }

            page = await session.TryAsync($"{what} (page {next})", GraphFailure.ApplicationPermission,
                ct => client.ServicePrincipals[servicePrincipalId].AppRoleAssignedTo.WithUrl(next).GetAsync(cancellationToken: ct));
        }

        return assignments;
    }
}
