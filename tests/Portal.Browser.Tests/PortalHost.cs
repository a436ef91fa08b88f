using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Data.Entities;
using Portal.Web.Features.Applications;
using Portal.Testing;

namespace Portal.Browser.Tests;

/// <summary>
/// The real portal on Kestrel at 127.0.0.1 on a free port, as the embedded default runs it (Development, SQLite,
/// migrations and demo seed at start-up), on a throw-away database.
/// </summary>
public sealed class PortalHost : WebApplicationFactory<Program>
{
    private readonly TestDatabase _database = TestDatabase.CreateSqlite();

    // A port chosen up front, so the host knows its own address (the `urls` setting) before it starts: the demo
    // tenant's sandbox directory and targets are addressed through it.
    private readonly int _port = LoopbackPort.Free();

    public PortalHost() => UseKestrel(options => options.Listen(IPAddress.Loopback, _port));

    public DatabaseSettings Database => _database.Settings;

    public PortalDbContext CreateContext(Guid? tenantId = null) => _database.CreateContext(tenantId);

    /// <summary>Adds a GoTo Meeting application with a job to the demo tenant, with these log entries; returns the job's id.</summary>
    public async Task<Guid> AddJobWithLogsAsync(IEnumerable<ProvisioningLogEntry> entries, CancellationToken cancellationToken)
    {
        await using var global = CreateContext();
        var tenantId = (await global.Tenants.SingleAsync(cancellationToken)).Id;
        await using var db = CreateContext(tenantId);
        var app = new Application { DisplayName = "GoTo Meeting", TemplateId = ApplicationGallery.GoToMeetingId, CreatedAt = DateTimeOffset.UtcNow };
        var job = new ProvisioningJob { ApplicationId = app.Id, CreatedAt = DateTimeOffset.UtcNow };
        job.ObjectMappings = ApplicationGallery.DefaultMappings(ApplicationGallery.Find(app.TemplateId)!, job.Id);
        db.Applications.Add(app);
        db.ProvisioningJobs.Add(job);
        foreach (var entry in entries)
        {
            entry.JobId = job.Id;
            db.ProvisioningLogs.Add(entry);
        }

        await db.SaveChangesAsync(cancellationToken);
        return job.Id;
    }

    /// <summary>Starts the host and returns its address, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public Uri Start()
    {
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSolutionRelativeContentRoot(string.Empty);
        builder.UseEnvironment("Development");
        builder.UseSetting(DatabaseSettings.ProviderKey, nameof(DatabaseProvider.Sqlite));
        builder.UseSetting(DatabaseSettings.ConnectionStringKey, _database.Settings.ConnectionString);
        builder.UseSetting("Database:MigrateOnStartup", "true");
        builder.UseSetting("urls", $"http://127.0.0.1:{_port}");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _database.DisposeAsync();
    }
}
