using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Portal.Sandbox.Graph;

/// <summary>Issues opaque bearer tokens to registered clients (client credentials) and resolves them on each request.</summary>
internal sealed class GraphTokenIssuer(SandboxGraphDirectory directory, TimeProvider time, TimeSpan lifetime)
{
    private readonly ConcurrentDictionary<string, (SandboxClient Client, DateTimeOffset ExpiresAt)> tokens = new(StringComparer.Ordinal);

    public int IssuedCount => tokens.Count;

    public TimeSpan Lifetime => lifetime;

    /// <summary>A token, or the OAuth error and AADSTS-like description to answer with.</summary>
    public (string? Token, string? Error, string? Description) Issue(string? grantType, string? clientId, string? clientSecret, string? scope)
    {
        if (grantType != "client_credentials")
        {
            return (null, "unsupported_grant_type", "AADSTS70003: The app requested an unsupported grant type. Use client_credentials.");
        }

        var client = clientId is null ? null : directory.FindClient(clientId);
        if (client is null)
        {
            return (null, "unauthorized_client",
                $"AADSTS700016: Application with identifier '{clientId}' was not found in the directory '{directory.TenantId}'.");
        }

        if (!CryptographicOperations.FixedTimeEquals(
                System.Text.Encoding.UTF8.GetBytes(clientSecret ?? ""), System.Text.Encoding.UTF8.GetBytes(client.ClientSecret)))
        {
            return (null, "invalid_client",
                $"AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '{clientId}'.");
        }

        if (client.SecretExpiresAt <= time.GetUtcNow())
        {
            return (null, "invalid_client",
                $"AADSTS7000222: The provided client secret keys for app '{clientId}' are expired. Visit the Azure portal to create new keys for your app: https://aka.ms/NewClientSecret, or consider using certificate credentials for added security: https://aka.ms/certCreds.");
        }

        if (scope is null || !scope.EndsWith("/.default", StringComparison.Ordinal))
        {
            return (null, "invalid_scope", "AADSTS1002012: The provided value for scope is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier.");
        }

        var token = "sbx." + Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
        tokens[token] = (client, time.GetUtcNow() + lifetime);
        return (token, null, null);
    }

    public SandboxClient? Resolve(string? token)
    {
        if (token is null || !tokens.TryGetValue(token, out var entry))
        {
            return null;
        }

        return entry.ExpiresAt > time.GetUtcNow() ? entry.Client : null;
    }
}
