using Portal.Data.Entities;

namespace Portal.Provisioning.Targets;

/// <summary>
/// A job's target connection with its secret decrypted (in memory only). <see cref="DialectProfileJson"/> null means
/// the <see cref="DialectPreset"/> unchanged. <see cref="UserName"/> is the OAuth client id or the admin user name;
/// <see cref="AllowPrivateNetwork"/> also allows plain http to such local addresses (sandbox, tests). <see cref="RequestsPerSecond"/> null turns the rate limit off (benchmarks).
/// </summary>
public sealed record TargetConnectorSettings(
    string BaseUrl,
    TargetAuthKind AuthKind,
    string? Secret,
    string? UserName = null,
    string? TokenEndpoint = null,
    string? Scopes = null,
    string DialectPreset = "rfc",
    string? DialectProfileJson = null,
    double? RequestsPerSecond = 25,
    int MaxParallelism = 8,
    bool AllowPrivateNetwork = false,
    OAuthClientSecretPlacement ClientSecretPlacement = OAuthClientSecretPlacement.Header)
{
    /// <summary>A job's stored connection, with its secret decrypted by the caller: what cycles and re-checks connect with.</summary>
    public static TargetConnectorSettings Of(TargetConnection target, string? secret, bool allowPrivateNetwork, double? requestsPerSecond = 25) =>
        new(target.BaseUrl ?? string.Empty, target.AuthKind, secret, target.UserName, target.TokenEndpoint, target.Scopes, target.DialectPreset,
            target.DialectProfileJson, requestsPerSecond, AllowPrivateNetwork: allowPrivateNetwork, ClientSecretPlacement: target.ClientSecretPlacement);

    public override string ToString() => $"TargetConnectorSettings {{ BaseUrl = {BaseUrl}, AuthKind = {AuthKind}, DialectPreset = {DialectPreset} }}";
}
