using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using System.Text;
using Portal.Data.Entities;

namespace Portal.Provisioning.Targets;

/// <summary>Supplies the Authorization header of target calls; token kinds cache until expiry and refresh on demand.</summary>
internal abstract class TargetAuthenticator
{
    /// <summary>True when a 401 is worth one refresh (a token from a token endpoint).</summary>
    public abstract bool CanRefresh { get; }

    public abstract ValueTask<AuthenticationHeaderValue?> GetAsync(bool refresh, CancellationToken cancellationToken);

    /// <summary>
    /// Removes this target's credentials from a text the target sent: some targets echo the Authorization header or
    /// the token request in their error bodies, and those texts end up in logs, notifications and the UI.
    /// </summary>
    public string Redact(string text)
    {
        foreach (var value in Sensitive())
        {
            if (value is { Length: >= 4 } && text.Contains(value, StringComparison.Ordinal))
            {
                text = text.Replace(value, "[redacted]", StringComparison.Ordinal);
            }
        }

        return text;
    }

    /// <summary>The credential values in every form they travel in (raw, URL-encoded, Basic), plus issued tokens.</summary>
    protected abstract IEnumerable<string?> Sensitive();

    /// <summary>
    /// The secret in each form it travels in, worked out once per connector: every answer the target sends is searched
    /// for them, and building them per answer (escaping, JSON encoding, Base64) cost a share of an export's CPU.
    /// </summary>
    private protected static string[] Forms(TargetConnectorSettings settings) => string.IsNullOrEmpty(settings.Secret)
        ? []
        :
        [
            settings.Secret,
            Uri.EscapeDataString(settings.Secret),
            System.Text.Json.JsonSerializer.Serialize(settings.Secret)[1..^1],
            BasicValue(settings.UserName, settings.Secret),
            BasicValue(Uri.EscapeDataString(settings.UserName ?? ""), Uri.EscapeDataString(settings.Secret)),
        ];

    public static TargetAuthenticator Create(TargetConnectorSettings settings, HttpClient http, TimeProvider time) => settings.AuthKind switch
    {
        TargetAuthKind.BearerToken => new Static(settings, string.IsNullOrEmpty(settings.Secret) ? null : new AuthenticationHeaderValue("Bearer", settings.Secret)),
        TargetAuthKind.Basic => new Static(settings, new AuthenticationHeaderValue("Basic", BasicValue(settings.UserName, settings.Secret))),
        TargetAuthKind.OAuthClientCredentials => new TokenEndpoint(settings, http, time, ClientCredentialsForm(settings)),
        TargetAuthKind.GoToAdminPassword => new TokenEndpoint(settings, http, time, PasswordForm(settings)),
        _ => throw new TargetException("NotImplemented", $"Authentication kind {settings.AuthKind} is not supported.", "Choose another authentication kind."),
    };

    private static string BasicValue(string? user, string? secret) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{secret}"));

    private static Func<HttpRequestMessage> ClientCredentialsForm(TargetConnectorSettings s) => () =>
    {
        var form = new List<KeyValuePair<string, string>> { new("grant_type", "client_credentials") };
        if (!string.IsNullOrWhiteSpace(s.Scopes))
        {
            form.Add(new("scope", s.Scopes));
        }

        if (s.ClientSecretPlacement != OAuthClientSecretPlacement.Header)
        {
            form.Add(new("client_id", s.UserName ?? ""));
            form.Add(new("client_secret", s.Secret ?? ""));
        }

        var request = new HttpRequestMessage(HttpMethod.Post, s.TokenEndpoint) { Content = new FormUrlEncodedContent(form) };
        if (s.ClientSecretPlacement != OAuthClientSecretPlacement.Body)
        {
            // RFC 6749 § 2.3.1: client_secret_basic form-encodes id and secret before base64.
            request.Headers.Authorization = new AuthenticationHeaderValue(
                "Basic", BasicValue(Uri.EscapeDataString(s.UserName ?? ""), Uri.EscapeDataString(s.Secret ?? "")));
        }

        return request;
    };

    private static Func<HttpRequestMessage> PasswordForm(TargetConnectorSettings s) => () =>
    {
        var form = new List<KeyValuePair<string, string>>
        {
            new("grant_type", "password"), new("username", s.UserName ?? ""), new("password", s.Secret ?? ""),
        };
        if (!string.IsNullOrWhiteSpace(s.Scopes))
        {
            form.Add(new("scope", s.Scopes));
        }

        return new HttpRequestMessage(HttpMethod.Post, s.TokenEndpoint) { Content = new FormUrlEncodedContent(form) };
    };

    private sealed class Static(TargetConnectorSettings settings, AuthenticationHeaderValue? header) : TargetAuthenticator
    {
        private readonly string[] forms = Forms(settings);

        public override bool CanRefresh => false;

        protected override IEnumerable<string?> Sensitive() => forms;

        public override ValueTask<AuthenticationHeaderValue?> GetAsync(bool refresh, CancellationToken cancellationToken) => ValueTask.FromResult(header);
    }

    private sealed class TokenEndpoint(TargetConnectorSettings settings, HttpClient http, TimeProvider time, Func<HttpRequestMessage> tokenRequest)
        : TargetAuthenticator
    {
        private readonly SemaphoreSlim single = new(1, 1);
        private string? token;
        private readonly string[] forms = Forms(settings);
        private DateTimeOffset expires;

        public override bool CanRefresh => true;

        protected override IEnumerable<string?> Sensitive() => forms.Append(token);

        public override async ValueTask<AuthenticationHeaderValue?> GetAsync(bool refresh, CancellationToken cancellationToken)
        {
            var seen = token;
            await single.WaitAsync(cancellationToken);
            try
            {
                // Another caller may have refreshed while this one waited: use its token rather than fetch again.
                var fresh = token is not null && time.GetUtcNow() < expires && (!refresh || !ReferenceEquals(seen, token));
                if (!fresh)
                {
                    (token, expires) = await FetchAsync(cancellationToken);
                }

                return new AuthenticationHeaderValue("Bearer", token);
            }
            finally
            {
                single.Release();
            }
        }

        private async Task<(string, DateTimeOffset)> FetchAsync(CancellationToken cancellationToken)
        {
            if (string.IsNullOrWhiteSpace(settings.TokenEndpoint))
            {
                throw new TargetException("Unauthorized", "No token endpoint is configured.", "Enter the OAuth token endpoint of the target.", isCredentialFailure: true);
            }

            HttpResponseMessage response;
            try
            {
                using var request = tokenRequest();
                response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            }
            catch (HttpRequestException e)
            {
                throw TargetTransport.Unreachable(e, "the token endpoint");
            }

            using (response)
            {
                var text = await ReadTokenAnswerAsync(response, cancellationToken);
                JsonObject? body = null;
                try
                {
                    body = JsonNode.Parse(text) as JsonObject;
                }
                catch (System.Text.Json.JsonException)
                {
                }

                if (!response.IsSuccessStatusCode || body?["access_token"] is not JsonValue token || !token.TryGetValue<string>(out var accessToken) || accessToken.Length == 0)
                {
                    var reason = Redact(body?["error_description"]?.ToString() ?? body?["error"]?.ToString() ?? $"HTTP {(int)response.StatusCode}");
                    throw new TargetException(
                        "Unauthorized",
                        $"The token endpoint refused the credentials (HTTP {(int)response.StatusCode}): {reason}",
                        "Check the client id/user name, the secret/password and the scopes, then run Test Connection again.",
                        (int)response.StatusCode,
                        isCredentialFailure: true);
                }

                var lifetime = body["expires_in"] is JsonValue v && double.TryParse(v.ToString(), out var seconds) ? seconds : 3600;
                // Renew a little early so a token never expires between check and use.
                return (accessToken, time.GetUtcNow().AddSeconds(Math.Max(1, lifetime - Math.Min(60, lifetime / 10))));
            }
        }
    

        // A token answer is a few hundred bytes; a target that streams more is not read into memory.
        private static async Task<string> ReadTokenAnswerAsync(HttpResponseMessage response, CancellationToken cancellationToken)
        {
            const int MaxBytes = 64 * 1024;
            var tooLarge = new TargetException("Unauthorized", $"The token endpoint's answer is larger than {MaxBytes / 1024} KiB and was not read.",
                "Check the token endpoint URL: it should be the OAuth 2.0 token endpoint, not a web page.", (int)response.StatusCode, isCredentialFailure: true);
            if (response.Content.Headers.ContentLength > MaxBytes)
            {
                throw tooLarge;
            }

            try
            {
                await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
                var buffer = new byte[MaxBytes + 1];
                var total = 0;
                int read;
                while (total < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken)) > 0)
                {
                    total += read;
                }

                return total > MaxBytes ? throw tooLarge : System.Text.Encoding.UTF8.GetString(buffer, 0, total);
            }
            catch (IOException e)
            {
                throw new TargetException("WebExceptionProtocolError", $"The connection to the token endpoint broke while its answer was read ({e.Message}).",
                    "Check that the token endpoint is reachable; the cycle tries again later.", isTransient: true, inner: e);
            }
        }
}
}
