namespace Portal.Sandbox.Graph;

/// <summary>Service principals, app roles and app-role assignments (no delta in Graph: always read in full).</summary>
public sealed partial class SandboxGraphDirectory
{
    public void AddServicePrincipal(SandboxServicePrincipal servicePrincipal)
    {
        lock (gate)
        {
            servicePrincipals[servicePrincipal.Id] = servicePrincipal;
            assignments.TryAdd(servicePrincipal.Id, []);
        }
    }

    public SandboxServicePrincipal? FindServicePrincipal(string idOrAppId)
    {
        lock (gate)
        {
            return servicePrincipals.GetValueOrDefault(idOrAppId)
                ?? servicePrincipals.Values.FirstOrDefault(sp => string.Equals(sp.AppId, idOrAppId, StringComparison.OrdinalIgnoreCase));
        }
    }

    public IReadOnlyList<SandboxServicePrincipal> ServicePrincipals()
    {
        lock (gate) { return [.. servicePrincipals.Values]; }
    }

    /// <summary>Assigns a user or group to the app with a role (<c>00000000-…</c> is Default Access); returns the assignment id.</summary>
    public string Assign(string servicePrincipalId, string principalId, string appRoleId)
    {
        lock (gate)
        {
            var sp = servicePrincipals.GetValueOrDefault(servicePrincipalId)
                ?? throw new KeyNotFoundException($"Service principal {servicePrincipalId} does not exist.");
            var (type, name) = users.TryGetValue(principalId, out var user)
                ? ("User", user.Properties.GetValueOrDefault("displayName") as string)
                : groups.TryGetValue(principalId, out var group)
                    ? ("Group", group.Properties.GetValueOrDefault("displayName") as string)
                    : throw new KeyNotFoundException($"Principal {principalId} does not exist.");
            if (appRoleId != SandboxDemoIds.DefaultAccessRoleId && sp.AppRoles.All(r => r.Id != appRoleId))
            {
                throw new InvalidOperationException($"App role {appRoleId} is not defined on {sp.DisplayName}.");
            }

            // Graph's assignment ids are opaque base64-like strings, not GUIDs; keep them recognisably not GUIDs.
            var id = Convert.ToBase64String(Guid.NewGuid().ToByteArray()).TrimEnd('=').Replace('/', '_').Replace('+', '-')
                + (++assignmentCounter).ToString(System.Globalization.CultureInfo.InvariantCulture);
            assignments[sp.Id].Add(new SandboxAssignment(id, sp.Id, principalId, type, appRoleId, name, time.GetUtcNow()));
            return id;
        }
    }

    public void Unassign(string servicePrincipalId, string assignmentId)
    {
        lock (gate)
        {
            if (!assignments.TryGetValue(servicePrincipalId, out var list) || list.RemoveAll(a => a.Id == assignmentId) == 0)
            {
                throw new KeyNotFoundException($"Assignment {assignmentId} does not exist.");
            }
        }
    }

    public IReadOnlyList<SandboxAssignment> Assignments(string servicePrincipalId)
    {
        lock (gate) { return assignments.TryGetValue(servicePrincipalId, out var list) ? [.. list] : []; }
    }

    private void RemoveAssignmentsOf(string principalId)
    {
        foreach (var list in assignments.Values)
        {
            list.RemoveAll(a => string.Equals(a.PrincipalId, principalId, StringComparison.OrdinalIgnoreCase));
        }
    }
}
