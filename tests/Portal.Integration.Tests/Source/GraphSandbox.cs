using Microsoft.Extensions.DependencyInjection;
using Microsoft.Graph;
using Microsoft.Kiota.Abstractions.Authentication;
using Portal.Provisioning.Source;
using Portal.Provisioning.Source.Graph;
using Portal.Sandbox.Graph;

namespace Portal.Integration.Tests.Source;

/// <summary>
/// The Graph emulator on a loopback port plus a <see cref="GraphDirectorySource"/> built through the production DI
/// wiring (real SDK, real middleware, real client-credentials token).
/// </summary>
internal sealed class GraphSandbox : IAsyncDisposable
{
    private readonly ServiceProvider services;

    private GraphSandbox(SandboxGraphServer server, ServiceProvider services)
    {
        Server = server;
        this.services = services;
    }

    public SandboxGraphServer Server { get; }

    public SandboxGraphEmulator Emulator => Server.Emulator;

    public SandboxGraphDirectory Directory => Server.Emulator.Directory;

    public static async Task<GraphSandbox> StartAsync(SandboxGraphEmulator? emulator = null, Action<GraphSourceOptions>? configure = null)
    {
        var server = await SandboxGraphServer.StartAsync(emulator ?? SandboxGraphEmulator.CreateDemo(), cancellationToken: TestContext.Current.CancellationToken);
        var services = new ServiceCollection()
            .AddGraphDirectorySource(o =>
            {
                o.MaxRetries = 2;
                o.RetryDelaySeconds = 0;
                configure?.Invoke(o);
            })
            .BuildServiceProvider();
        return new GraphSandbox(server, services);
    }

    public DirectorySourceSettings Settings(string clientId = SandboxDemoIds.ClientId, string secret = SandboxDemoIds.ClientSecret) =>
        new(SandboxDemoIds.TenantId, clientId, secret, Server.BaseUrl, Server.TokenEndpoint);

    public IDirectorySource CreateSource(DirectorySourceSettings? settings = null) =>
        services.GetRequiredService<IDirectorySourceFactory>().Create(settings ?? Settings());

    /// <summary>A bare SDK client on the same pooled HttpClients and credentials as the source's, for reading the emulator directly.</summary>
    public GraphServiceClient CreateClient()
    {
        var http = services.GetRequiredService<IHttpClientFactory>();
        var tokens = new ClientCredentialsTokenProvider(http.CreateClient(GraphSourceOptions.TokenHttpClientName), Settings(), TimeProvider.System);
        return new GraphServiceClient(http.CreateClient(GraphSourceOptions.HttpClientName), new BaseBearerTokenAuthenticationProvider(tokens), Server.BaseUrl.TrimEnd('/'));
    }

    public static DirectoryQuery Query(
        string servicePrincipalId = SandboxDemoIds.GoToServicePrincipalId, bool expandNested = false, DirectoryRead? after = null, params string[] userAttributes) =>
        new(servicePrincipalId,
            userAttributes.Length > 0 ? userAttributes : ["displayName", "userPrincipalName", "department"],
            ["displayName", "description"],
            expandNested,
            after?.UsersDeltaLink,
            after?.GroupsDeltaLink);

    public async ValueTask DisposeAsync()
    {
        await services.DisposeAsync();
        await Server.DisposeAsync();
    }
}
