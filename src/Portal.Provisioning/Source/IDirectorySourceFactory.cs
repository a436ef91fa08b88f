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
    string GraphBaseUrl = DirectorySourceSettings.GlobalGraphBaseUrl,
    string? TokenEndpoint = null,
    string? AuthorityHost = null)
{
    public const string GlobalGraphBaseUrl = "https://graph.microsoft.com/v1.0";

    /// <summary>A tenant's stored connection, with the client secret the caller decrypted.</summary>
    public static DirectorySourceSettings Of(string directoryId, Portal.Data.Entities.DirectoryConnection connection, string clientSecret) =>
        new(directoryId, connection.ClientId!, clientSecret, connection.GraphBaseUrl ?? GlobalGraphBaseUrl, connection.TokenEndpoint, connection.AuthorityHost);

    public override string ToString() => $"DirectorySourceSettings {{ TenantId = {TenantId}, ClientId = {ClientId}, GraphBaseUrl = {GraphBaseUrl} }}";
}
