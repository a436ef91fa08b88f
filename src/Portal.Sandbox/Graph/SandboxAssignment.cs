namespace Portal.Sandbox.Graph;

/// <summary>One <c>appRoleAssignedTo</c> entry; <see cref="Id"/> is opaque, as in Graph.</summary>
public sealed record SandboxAssignment(
    string Id, string ResourceId, string PrincipalId, string PrincipalType, string AppRoleId, string? PrincipalDisplayName, DateTimeOffset CreatedDateTime);
