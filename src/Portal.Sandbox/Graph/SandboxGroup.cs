namespace Portal.Sandbox.Graph;

/// <summary>A group with its direct member ids.</summary>
public sealed record SandboxGroup(string Id, IReadOnlyDictionary<string, object?> Properties, IReadOnlyList<string> MemberIds)
{
    public string? DisplayName => Properties.GetValueOrDefault("displayName") as string;
}
