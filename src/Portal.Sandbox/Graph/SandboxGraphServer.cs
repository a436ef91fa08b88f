using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Portal.Sandbox.Graph;

/// <summary>
/// The emulator on its own Kestrel listener (tests, benchmarks, <c>portal sandbox graph</c>). Listen on
/// <c>http://127.0.0.1:0</c> to get a free port; <see cref="BaseUrl"/> and <see cref="TokenEndpoint"/> carry the real one.
/// </summary>
public sealed class SandboxGraphServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private SandboxGraphServer(WebApplication app, SandboxGraphEmulator emulator, string address)
    {
        this.app = app;
        Emulator = emulator;
        Address = address.TrimEnd('/');
    }

    public SandboxGraphEmulator Emulator { get; }

    /// <summary>Scheme, host and port the server listens on.</summary>
    public string Address { get; }

    /// <summary>Graph base URL to give the SDK, e.g. <c>http://127.0.0.1:5123/v1.0</c>.</summary>
    public string BaseUrl => $"{Address}/v1.0";

    public string TokenEndpoint => $"{Address}/{Emulator.Directory.TenantId}/oauth2/v2.0/token";

    public static async Task<SandboxGraphServer> StartAsync(SandboxGraphEmulator emulator, string url = "http://127.0.0.1:0", CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(url);
        var app = builder.Build();
        app.MapSandboxGraph("", emulator);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new SandboxGraphServer(app, emulator, address);
    }

    /// <summary>Serves until the host is asked to stop (Ctrl+C, SIGTERM).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => app.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
