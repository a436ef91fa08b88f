namespace Portal.Sandbox.Graph;

/// <summary>A user as the sandbox shows it (for the Sandbox page and tests).</summary>
public sealed record SandboxUser(string Id, IReadOnlyDictionary<string, object?> Properties, string? ManagerId, bool IsSoftDeleted)
{
    public string? DisplayName => Properties.GetValueOrDefault("displayName") as string;
    public string? UserPrincipalName => Properties.GetValueOrDefault("userPrincipalName") as string;
    public bool AccountEnabled => Properties.GetValueOrDefault("accountEnabled") is not false;
}
