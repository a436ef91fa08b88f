namespace Portal.Sandbox.Scim;

/// <summary>Settings of one sandbox SCIM target. The credentials are demo values, known on purpose.</summary>
public sealed record SandboxScimOptions
{
    public const string DemoToken = "sandbox-scim-token";

    public SandboxScimMode Mode { get; init; } = SandboxScimMode.Strict;
    public string BearerToken { get; init; } = DemoToken;
    public string ClientId { get; init; } = "sandbox-client";
    public string ClientSecret { get; init; } = "sandbox-secret";
    public string AdminUserName { get; init; } = "admin@sandbox.example";
    public string AdminPassword { get; init; } = "sandbox-password";
    public TimeSpan TokenLifetime { get; init; } = TimeSpan.FromHours(1);
    public int MaxPageSize { get; init; } = 100;
    public int RequestLogSize { get; init; } = 2000;

    /// <summary>
    /// How long every SCIM request waits before it is handled, as a target across a network and busy with its own
    /// storage would make it; zero (the default) answers at once.
    /// </summary>
    public TimeSpan Latency { get; init; } = TimeSpan.Zero;

    public static SandboxScimMode ParseMode(string? mode) => mode?.ToLowerInvariant() switch
    {
        null or "" or "strict" or "rfc" => SandboxScimMode.Strict,
        "entra" => SandboxScimMode.Entra,
        "goto" => SandboxScimMode.GoTo,
        "scim11" or "scim1.1" => SandboxScimMode.Scim11,
        _ => throw new ArgumentException($"Unknown sandbox SCIM mode '{mode}'; use strict, entra, goto or scim11.", nameof(mode)),
    };
}
