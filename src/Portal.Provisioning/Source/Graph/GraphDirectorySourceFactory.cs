using Microsoft.Extensions.Options;
using Microsoft.Graph;
using Microsoft.Kiota.Abstractions.Authentication;

namespace Portal.Provisioning.Source.Graph;

/// <summary>
/// Creates <see cref="GraphDirectorySource"/>s from pooled HttpClients that carry the SDK's middleware (retry honouring
/// Retry-After, redirect, <c>$</c> name decoding), so the emulator is reached through exactly the production path.
/// </summary>
public sealed class GraphDirectorySourceFactory(IHttpClientFactory httpClientFactory, IOptions<GraphSourceOptions> options, TimeProvider? timeProvider = null)
    : IDirectorySourceFactory
{
    public IDirectorySource Create(DirectorySourceSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var tokens = new ClientCredentialsTokenProvider(
            httpClientFactory.CreateClient(GraphSourceOptions.TokenHttpClientName), settings, timeProvider ?? TimeProvider.System);
        var client = new GraphServiceClient(
            httpClientFactory.CreateClient(GraphSourceOptions.HttpClientName),
            new BaseBearerTokenAuthenticationProvider(tokens),
            settings.GraphBaseUrl.TrimEnd('/'));
        return new GraphDirectorySource(client, settings, options.Value, timeProvider ?? TimeProvider.System);
    }
}
