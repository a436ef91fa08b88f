namespace Portal.Sandbox.Graph;

/// <summary>An app role of a service principal (Graph <c>appRole</c>).</summary>
public sealed record SandboxAppRole(string Id, string DisplayName, string? Value, string Description = "");

/// <summary>An enterprise application (service principal) with its app roles.</summary>
public sealed record SandboxServicePrincipal(string Id, string AppId, string DisplayName, IReadOnlyList<SandboxAppRole> AppRoles);
