using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Portal.Data;
using Portal.Web.Features.Applications;

namespace Portal.Benchmarks.Load;

/// <summary>
/// The real portal on Kestrel at 127.0.0.1, as the embedded default runs it (Development, sandbox on, migrations and
/// demo seed at start-up), in this process so the benchmark can reach the engine and count cycles. Any Portal.Web type
/// names the entry assembly; this project has its own <c>Program</c>.
/// </summary>
internal sealed class LoadHost : WebApplicationFactory<ApplicationCatalog>
{
    // Chosen up front: the demo tenant's sandbox directory and targets are addressed through the host's own address.
    private readonly int _port = FreePort();
    private readonly DatabaseSettings _database;

    public LoadHost(DatabaseSettings database)
    {
        _database = database;
        UseKestrel(options => options.Listen(IPAddress.Loopback, _port));
    }

    public Uri Start()
    {
        StartServer();
        return new Uri($"http://127.0.0.1:{_port}/");
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSolutionRelativeContentRoot(string.Empty);
        builder.UseEnvironment("Development");
        builder.UseSetting(DatabaseSettings.ProviderKey, _database.Provider.ToString());
        builder.UseSetting(DatabaseSettings.ConnectionStringKey, _database.ConnectionString);
        builder.UseSetting("Database:MigrateOnStartup", "true");
        builder.UseSetting("urls", $"http://127.0.0.1:{_port}");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
