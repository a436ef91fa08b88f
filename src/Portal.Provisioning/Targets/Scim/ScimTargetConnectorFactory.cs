using System.Collections.Concurrent;

namespace Portal.Provisioning.Targets.Scim;

/// <summary>
/// Creates SCIM connectors. One gate (parallelism + rate) per target URL is shared by every connector of that target,
/// and one guarded HTTP handler per address policy is shared by all of them.
/// </summary>
public sealed class ScimTargetConnectorFactory(ScimClientOptions options) : ITargetConnectorFactory, IDisposable
{
    private readonly ConcurrentDictionary<string, TargetRequestGate> gates = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<bool, HttpClient> clients = new();

    public ScimTargetConnectorFactory() : this(new ScimClientOptions())
    {
    }

    public ITargetConnector Create(TargetConnectorSettings settings) => CreateScim(settings);

    /// <summary>The SCIM connector itself, for callers that need paging or the conformance probe's extra checks.</summary>
    public ScimTargetConnector CreateScim(TargetConnectorSettings settings)
    {
        var baseUri = ValidateUrl(settings);
        var dialect = DialectPresets.Resolve(settings.DialectPreset, settings.DialectProfileJson);
        var http = clients.GetOrAdd(settings.AllowPrivateNetwork, CreateClient);
        // The target's own limits (dialect profile) win over the portal default; no rate at all (benchmarks) stays off.
        var rate = settings.RequestsPerSecond is null ? null : dialect.RequestsPerSecond ?? settings.RequestsPerSecond;
        var parallelism = dialect.MaxParallelism ?? settings.MaxParallelism;
        var gate = gates.GetOrAdd(
            $"{baseUri}|{rate}|{dialect.Burst}|{parallelism}",
            _ => new TargetRequestGate(parallelism, rate, options.Time, dialect.Burst));
        var auth = TargetAuthenticator.Create(settings, http, options.Time);
        return new ScimTargetConnector(new TargetTransport(http, baseUri, auth, gate, options), dialect, options);
    }

    public void Dispose()
    {
        foreach (var client in clients.Values)
        {
            client.Dispose();
        }
    }

    private HttpClient CreateClient(bool allowPrivateNetwork)
    {
        var guard = new TargetAddressGuard(allowPrivateNetwork, options.Resolve, options.Dial, options.AddressLog);
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            ConnectCallback = guard.ConnectAsync,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AutomaticDecompression = System.Net.DecompressionMethods.All,
        };
        return new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    private static Uri ValidateUrl(TargetConnectorSettings settings)
    {
        if (!Uri.TryCreate(settings.BaseUrl?.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new TargetException("InvalidTenantUrl", $"The tenant URL '{settings.BaseUrl}' is not an absolute http(s) URL.",
                "Enter the SCIM base URL of the target, e.g. https://api.example.com/scim/v2.");
        }

        if (uri.Scheme == Uri.UriSchemeHttp && !settings.AllowPrivateNetwork)
        {
            throw new TargetException("InvalidTenantUrl", $"The tenant URL '{settings.BaseUrl}' uses http; targets must use https.",
                "Enter the https URL of the target.");
        }

        // Entra's feature flags ride on the query (e.g. ?aadOptscim062020); the dialect profile replaces them here.
        return new Uri(uri.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/");
    }
}
