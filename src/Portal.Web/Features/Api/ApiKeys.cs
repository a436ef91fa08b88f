using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Data.Entities;
using Portal.Web.Audit;
using Portal.Web.Identity;

namespace Portal.Web.Features.Api;

/// <summary>
/// The tenant's API keys: tenant admins create one (shown once, then only its prefix), list them with when each was last
/// used, and revoke them; each change is audited. Entra's provisioning is scriptable through Microsoft Graph's
/// synchronization API; these keys make the portal's jobs scriptable the same way, per tenant.
/// </summary>
public sealed class ApiKeys(IDbContextFactory<PortalDbContext> dbFactory, AuditLog audit, CurrentUser currentUser, TimeProvider time)
{
    public const string NameField = "Name";

    /// <summary>How long a key may live, in days: a key that never ends is a secret nobody remembers to rotate.</summary>
    public static readonly IReadOnlyList<int> Lifetimes = [30, 90, 180, 365];

    /// <summary>What a key may do, in the page's words.</summary>
    public static string AccessName(ApiAccess access) => access == ApiAccess.Read ? "Read" : "Read and provision (start cycles, on demand)";

    /// <summary>Every key a request presents starts so, which tells it from other bearer tokens at a glance.</summary>
    public const string TokenStart = "ptl_";

    public async Task<IReadOnlyList<ApiKeyView>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var keys = await db.ApiKeys.AsNoTracking().ToListAsync(cancellationToken);
        return [.. keys.OrderByDescending(k => k.CreatedAt).Select(View)];
    }

    /// <summary>A new key; <see cref="CreatedApiKey.Token"/> is the only time its whole value exists outside the caller.</summary>
    /// <exception cref="ApiKeyException">Not a tenant admin, or a field the form must correct.</exception>
    public async Task<CreatedApiKey> CreateAsync(string? name, ApiAccess access, int days, CancellationToken cancellationToken = default)
    {
        Refuse("create API keys");
        var trimmed = name?.Trim() ?? "";
        if (trimmed.Length is 0 or > 100)
        {
            throw new ApiKeyException(NameField, "Name the key after what uses it (up to 100 characters), e.g. \"Monitoring\".");
        }

        if (!Enum.IsDefined(access))
        {
            throw new ApiKeyException("Access", $"Choose {AccessName(ApiAccess.Read)} or {AccessName(ApiAccess.ReadAndProvision)}.");
        }

        if (!Lifetimes.Contains(days))
        {
            throw new ApiKeyException("Expires", $"Choose one of {string.Join(", ", Lifetimes)} days.");
        }

        var prefix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var token = $"{TokenStart}{prefix}_{Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32))}";
        var now = time.GetUtcNow();
        var key = new ApiKey
        {
            Name = trimmed, Access = access, Prefix = prefix, Hash = HashOf(token), CreatedAt = now,
            CreatedBy = currentUser.User?.DisplayName, ExpiresAt = now.AddDays(days),
        };
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.ApiKeys.Add(key);
        audit.Record(db, AuditActivities.CreateApiKey, nameof(ApiKey), key.Id.ToString(),
            AuditChange.Of(NameField, null, trimmed), AuditChange.Of("Access", null, access.ToString()), AuditChange.Of("Prefix", null, prefix),
            AuditChange.Of("ExpiresAt", null, key.ExpiresAt.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));
        await db.SaveChangesAsync(cancellationToken);
        return new CreatedApiKey(View(key), token);
    }

    /// <summary>Revokes a key at once: its next request is refused.</summary>
    /// <exception cref="ApiKeyException">Not a tenant admin.</exception>
    public async Task RevokeAsync(Guid id, CancellationToken cancellationToken = default)
    {
        Refuse("revoke API keys");
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.Id == id, cancellationToken);
        if (key is null || key.RevokedAt is not null)
        {
            return;
        }

        key.RevokedAt = time.GetUtcNow();
        audit.Record(db, AuditActivities.RevokeApiKey, nameof(ApiKey), key.Id.ToString(), AuditChange.Of(NameField, key.Name, null),
            AuditChange.Of("Prefix", key.Prefix, null));
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Hex SHA-256 of a whole key: what is stored and compared. A key is 32 random bytes, so no slow hash is needed.</summary>
    public static string HashOf(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>The prefix of a key as presented (<c>ptl_{prefix}_{secret}</c>), or null when it is not one.</summary>
    public static string? PrefixOf(string token) =>
        token.StartsWith(TokenStart, StringComparison.Ordinal) && token.IndexOf('_', TokenStart.Length) is var end and > 0
            ? token[TokenStart.Length..end]
            : null;

    private void Refuse(string what)
    {
        if (!currentUser.IsSignedInAdmin)
        {
            throw new ApiKeyException(null, $"Only tenant admins, signed in, can {what}.");
        }
    }

    private ApiKeyView View(ApiKey k) => new(k.Id, k.Name, k.Access, k.Prefix, k.CreatedAt, k.CreatedBy, k.ExpiresAt, k.LastUsedAt, k.RevokedAt,
        k.RevokedAt is null && k.ExpiresAt > time.GetUtcNow());
}

/// <summary>A key as the list shows it: never its value. <paramref name="Usable"/>: neither revoked nor expired.</summary>
public sealed record ApiKeyView(Guid Id, string Name, ApiAccess Access, string Prefix, DateTimeOffset CreatedAt, string? CreatedBy,
    DateTimeOffset ExpiresAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt, bool Usable);

public sealed record CreatedApiKey(ApiKeyView Key, string Token);

/// <summary>A refused key change; <see cref="Field"/> names the form field to correct, if any.</summary>
public sealed class ApiKeyException(string? field, string message) : Exception(message)
{
    public string? Field { get; } = field;
}
