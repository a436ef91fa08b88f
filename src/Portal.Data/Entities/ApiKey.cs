namespace Portal.Data.Entities;

/// <summary>
/// A key scripts use to call the portal's API for one tenant (monitoring jobs, starting a cycle), created by a tenant
/// admin and shown once. Only a SHA-256 hash of the key is kept; <see cref="Prefix"/>, the key's public part, finds it.
/// </summary>
public sealed class ApiKey : ITenantOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid TenantId { get; set; }

    public required string Name { get; set; }

    public ApiAccess Access { get; set; }

    /// <summary>The key's public part, unique across tenants, also shown in the list to tell keys apart.</summary>
    public required string Prefix { get; set; }

    /// <summary>Hex SHA-256 of the whole key.</summary>
    public required string Hash { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public string? CreatedBy { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>When a request last used it (to the minute: not every request writes).</summary>
    public DateTimeOffset? LastUsedAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }
}

/// <summary>What an API key may do.</summary>
public enum ApiAccess
{
    /// <summary>Read jobs, their cycles and state.</summary>
    Read,

    /// <summary>Also start a cycle (Sync now) and provision users on demand.</summary>
    ReadAndProvision,
}
