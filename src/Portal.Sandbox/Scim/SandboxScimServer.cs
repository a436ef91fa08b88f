using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Portal.Sandbox.Scim;

/// <summary>A sandbox SCIM target on its own Kestrel (tests, benchmarks, <c>portal sandbox scim</c>), mounted at /scim.</summary>
public sealed class SandboxScimServer : IAsyncDisposable
{
    public const string Prefix = "/scim";

    private readonly WebApplication app;

    private SandboxScimServer(WebApplication app, SandboxScimTarget target, Uri address)
    {
        this.app = app;
        Target = target;
        Address = address;
    }

    public SandboxScimTarget Target { get; }

    /// <summary>The listening address, e.g. http://127.0.0.1:54321/.</summary>
    public Uri Address { get; }

    /// <summary>The SCIM base URL (tenant URL) of the target.</summary>
    public string ScimBaseUrl => new Uri(Address, Prefix).ToString();

    public string TokenEndpoint => ScimBaseUrl + "/oauth/token";

    public static async Task<SandboxScimServer> StartAsync(string urls, SandboxScimOptions options, CancellationToken cancellationToken = default) =>
        await StartAsync(urls, options, TimeProvider.System, cancellationToken);

    /// <summary>As <see cref="StartAsync(string, SandboxScimOptions, CancellationToken)"/>, on the given clock (token lifetimes, latency).</summary>
    public static async Task<SandboxScimServer> StartAsync(string urls, SandboxScimOptions options, TimeProvider time, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(urls);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var target = new SandboxScimTarget(options, time);
        app.MapSandboxScim(Prefix, target);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new SandboxScimServer(app, target, new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal) + "/"));
    }

    public Task WaitForShutdownAsync(CancellationToken cancellationToken) => Microsoft.Extensions.Hosting.HostingAbstractionsHostExtensions.WaitForShutdownAsync(app, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
