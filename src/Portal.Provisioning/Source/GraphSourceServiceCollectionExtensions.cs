using Microsoft.Extensions.DependencyInjection;
using Microsoft.Graph;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware.Options;
using Portal.Provisioning.Source.Graph;

namespace Portal.Provisioning.Source;

/// <summary>DI wiring of the Graph directory source.</summary>
public static class GraphSourceServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IDirectorySourceFactory"/> for Microsoft Graph: a named HttpClient with the SDK's default
    /// handlers (its retry handler rebuilt with <see cref="GraphSourceOptions.MaxRetries"/>) and one for the token endpoint.
    /// </summary>
    public static IServiceCollection AddGraphDirectorySource(this IServiceCollection services, Action<GraphSourceOptions>? configure = null)
    {
        var optionsBuilder = services.AddOptions<GraphSourceOptions>();
        if (configure is not null)
        {
            optionsBuilder.Configure(configure);
        }

        services.AddHttpClient(GraphSourceOptions.TokenHttpClientName);
        services.AddHttpClient(GraphSourceOptions.HttpClientName)
            // The SDK's redirect and compression handlers do that work; the socket handler must not do it twice.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, AutomaticDecompression = System.Net.DecompressionMethods.None })
            .ConfigureAdditionalHttpMessageHandlers((handlers, sp) =>
            {
                var options = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<GraphSourceOptions>>().Value;
                foreach (var handler in GraphClientFactory.CreateDefaultHandlers())
                {
                    handlers.Add(handler is RetryHandler
                        ? new RetryHandler(new RetryHandlerOption { MaxRetry = options.MaxRetries, Delay = options.RetryDelaySeconds })
                        : handler);
                }
            });
        services.AddSingleton<IDirectorySourceFactory>(sp => new GraphDirectorySourceFactory(
            sp.GetRequiredService<IHttpClientFactory>(),
            sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<GraphSourceOptions>>(),
            sp.GetService<TimeProvider>()));
        return services;
    }
}
