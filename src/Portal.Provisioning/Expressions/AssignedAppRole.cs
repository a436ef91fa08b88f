using Portal.Provisioning.Source;

namespace Portal.Provisioning.Expressions;

/// <summary>One app role assigned to the object: the app role's id, its value (what apps receive) and display name.</summary>
public sealed record AssignedAppRole(string Id, string? Value, string DisplayName)
{
    /// <summary>The role as the directory source read it (<see cref="DirectoryRead.AppRoles"/>).</summary>
    public static AssignedAppRole From(AppRole role)
    {
        ArgumentNullException.ThrowIfNull(role);
        return new AssignedAppRole(role.Id, role.Value, role.DisplayName);
    }
}
