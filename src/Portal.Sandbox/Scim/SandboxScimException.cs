namespace Portal.Sandbox.Scim;

/// <summary>Thrown for a request the sandbox refuses with a SCIM error (status, scimType, detail).</summary>
public sealed class SandboxScimException(int status, string? scimType, string detail) : Exception(detail)
{
    public int Status { get; } = status;
    public string? ScimType { get; } = scimType;
}
