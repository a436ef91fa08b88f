namespace Portal.Provisioning.Source;

/// <summary>Creates a directory source for one tenant's connection settings.</summary>
public interface IDirectorySourceFactory
{
    IDirectorySource Create(DirectorySourceSettings settings);
}

/// <summary>
/// App-only (client credentials) connection to Graph. <see cref="ClientSecret"/> is plaintext in memory only.
/// <see cref="GraphBaseUrl"/> and <see cref="TokenEndpoint"/> point at the emulator in the embedded default and tests.
/// <see cref="AuthorityHost"/> (e.g. <c>https://login.microsoftonline.us</c> for a sovereign cloud) builds the token
/// endpoint when <see cref="TokenEndpoint"/> is not set; null means the global cloud.
/// </summary>
public sealed record DirectorySourceSettings(
    string TenantId,
    string ClientId,
    string ClientSecret,
    string GraphBaseUrl = "https://graph.microsoft.com/v1.0",
    string? TokenEndpoint = null,
    string? AuthorityHost = null)
{
    public override string ToString() => $"DirectorySourceSettings {{ TenantId = {TenantId}, ClientId = {ClientId}, GraphBaseUrl = {GraphBaseUrl} }}";
}
