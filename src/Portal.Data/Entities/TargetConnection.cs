using Portal.Data.Secrets;

namespace Portal.Data.Entities;

/// <summary>The admin credentials and endpoint of the target application. Secrets are write-only.</summary>
public sealed class TargetConnection
{
    /// <summary>Tenant URL of the SCIM endpoint.</summary>
    public string? BaseUrl { get; set; }

    public TargetAuthKind AuthKind { get; set; } = TargetAuthKind.BearerToken;

    /// <summary>Admin user name (GoTo) or OAuth client id.</summary>
    public string? UserName { get; set; }

    /// <summary>Bearer token, admin password or client secret, depending on <see cref="AuthKind"/>.</summary>
    public ProtectedSecret? Secret { get; set; }

    public string? TokenEndpoint { get; set; }
    public string? Scopes { get; set; }

    /// <summary>OAuth client credentials only: the secret goes in the Basic header (RFC 6749 § 2.3.1), the form body, or both.</summary>
    public OAuthClientSecretPlacement ClientSecretPlacement { get; set; } = OAuthClientSecretPlacement.Header;

    /// <summary>Dialect preset name (rfc, entra, goto) the profile started from.</summary>
    public string DialectPreset { get; set; } = "rfc";

    /// <summary>The dialect profile as JSON; null means the preset unchanged.</summary>
    public string? DialectProfileJson { get; set; }
}
