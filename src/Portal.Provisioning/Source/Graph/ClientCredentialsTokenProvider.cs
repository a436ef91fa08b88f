using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Kiota.Abstractions.Authentication;

namespace Portal.Provisioning.Source.Graph;

/// <summary>
/// App-only tokens by the client-credentials grant against the configured token endpoint (Entra, a sovereign cloud's
/// authority or the sandbox), cached until shortly before they expire. Tokens are sent only to the Graph host.
/// </summary>
internal sealed class ClientCredentialsTokenProvider : IAccessTokenProvider
{
    private static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);
    private readonly HttpClient http;
    private readonly DirectorySourceSettings settings;
    private readonly TimeProvider time;
    private readonly Uri graphBase;
    private readonly SemaphoreSlim refresh = new(1, 1);
    private (string Token, DateTimeOffset RefreshAt)? cached;

    public ClientCredentialsTokenProvider(HttpClient http, DirectorySourceSettings settings, TimeProvider time)
    {
        this.http = http;
        this.settings = settings;
        this.time = time;
        graphBase = new Uri(settings.GraphBaseUrl);
        AllowedHostsValidator = new AllowedHostsValidator([graphBase.Host]);
    }

    public AllowedHostsValidator AllowedHostsValidator { get; }

    public string TokenEndpoint => settings.TokenEndpoint
        ?? $"{(settings.AuthorityHost ?? "https://login.microsoftonline.com").TrimEnd('/')}/{Uri.EscapeDataString(settings.TenantId)}/oauth2/v2.0/token";

    /// <summary>Graph's resource id with the <c>.default</c> suffix client credentials require.</summary>
    public string Scope => $"{graphBase.GetLeftPart(UriPartial.Authority)}/.default";

    public async Task<string> GetAuthorizationTokenAsync(Uri uri, Dictionary<string, object>? additionalAuthenticationContext = null, CancellationToken cancellationToken = default)
    {
        if (!AllowedHostsValidator.IsUrlHostValid(uri))
        {
            return "";
        }

        if (uri.Scheme != Uri.UriSchemeHttps && !uri.IsLoopback)
        {
            throw new DirectorySourceException($"Refusing to send a token over plain HTTP to {uri.Host}; the Graph base URL must use https.");
        }

        if (cached is { } hit && time.GetUtcNow() < hit.RefreshAt)
        {
            return hit.Token;
        }

        await refresh.WaitAsync(cancellationToken);
        try
        {
            if (cached is { } again && time.GetUtcNow() < again.RefreshAt)
            {
                return again.Token;
            }

            var (token, lifetime) = await RequestTokenAsync(cancellationToken);
            var margin = lifetime > RefreshMargin * 2 ? RefreshMargin : lifetime / 2;
            cached = (token, time.GetUtcNow() + lifetime - margin);
            return token;
        }
        finally
        {
            refresh.Release();
        }
    }

    private async Task<(string Token, TimeSpan Lifetime)> RequestTokenAsync(CancellationToken cancellationToken)
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_id"] = settings.ClientId,
            ["client_secret"] = settings.ClientSecret,
            ["scope"] = Scope,
            ["grant_type"] = "client_credentials",
        });
        HttpResponseMessage response;
        try
        {
            response = await http.PostAsync(TokenEndpoint, form, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new DirectorySourceException($"Could not reach the token endpoint {TokenEndpoint}: {ex.Message}. Check the authority and the network.", ex);
        }

        using (response)
        {
            using var body = await ReadJsonAsync(response, cancellationToken);
            var root = body?.RootElement;
            if (response.IsSuccessStatusCode && root?.TryGetProperty("access_token", out var token) == true && token.GetString() is { Length: > 0 } value)
            {
                var seconds = root.Value.TryGetProperty("expires_in", out var e) && e.TryGetInt32(out var s) ? s : 3599;
                return (value, TimeSpan.FromSeconds(seconds));
            }

            var error = root?.TryGetProperty("error", out var er) == true ? er.GetString() : null;
            var description = root?.TryGetProperty("error_description", out var d) == true ? d.GetString() : null;
            throw new DirectorySourceException(TokenErrorMessages.Describe(settings, (int)response.StatusCode, error, description))
            {
                IsCredentialFailure = error is "invalid_client" or "unauthorized_client" || response.StatusCode == System.Net.HttpStatusCode.Unauthorized,
            };
        }
    }

    private static async Task<JsonDocument?> ReadJsonAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<JsonDocument>(cancellationToken);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
