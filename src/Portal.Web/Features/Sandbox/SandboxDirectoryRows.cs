namespace Portal.Web.Features.Sandbox;

/// <summary>One user of the sandbox directory as the Sandbox page lists it.</summary>
public sealed record SandboxUserRow(
    string Id, string? DisplayName, string? UserPrincipalName, string? Department, string? JobTitle, bool Enabled, bool Deleted);

public sealed record SandboxUserPage(IReadOnlyList<SandboxUserRow> Items, int TotalCount);

/// <summary>An app-role assignment of one user or group to one of the demo apps, with the role's name ("Default Access" for the empty role).</summary>
public sealed record SandboxUserAssignment(string ServicePrincipalId, string AppName, string AssignmentId, string RoleId, string RoleName);

/// <summary>One group of the sandbox directory as the Sandbox page lists it.</summary>
public sealed record SandboxGroupRow(string Id, string? DisplayName, string? Description, int MemberCount, IReadOnlyList<SandboxUserAssignment> Assignments);

/// <summary>A role a user can be given in one of the demo apps.</summary>
public sealed record SandboxRoleChoice(string ServicePrincipalId, string AppName, string RoleId, string RoleName)
{
    /// <summary>One value for a select box: service principal and role id.</summary>
    public string Key => $"{ServicePrincipalId}|{RoleId}";
}

/// <summary>An application of the signed-in tenant linked to one of the sandbox's demo apps, so its cycle can be started from the Sandbox page.</summary>
public sealed record SandboxLinkedApplication(Guid ApplicationId, string DisplayName, Guid JobId);

/// <summary>The editable fields of a sandbox user, as typed (kept on a refused save).</summary>
public sealed class SandboxUserForm
{
    public string? DisplayName { get; set; }
    public string? GivenName { get; set; }
    public string? Surname { get; set; }
    public string? UserPrincipalName { get; set; }
    public string? Department { get; set; }
    public string? JobTitle { get; set; }
    public string? Mail { get; set; }
    public string? ManagerId { get; set; }
}

/// <summary>A refused sandbox change; <see cref="Field"/> names the field a person has to correct, when there is one.</summary>
public sealed class SandboxEditException(string? field, string message) : Exception(message)
{
    public string? Field { get; } = field;
}
