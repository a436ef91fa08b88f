using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Portal.Data;
using Portal.Testing;

namespace Portal.Web.Tests;

/// <summary>The real web host in-process on a throw-away SQLite database, migrated at start-up like the embedded default.</summary>
public sealed class PortalApplication : WebApplicationFactory<Program>
{
    private readonly TestDatabase _database = TestDatabase.CreateSqlite();

    public DatabaseSettings Database => _database.Settings;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // The repository root is the content root of the real host (appsettings.json, wwwroot/).
        builder.UseSolutionRelativeContentRoot(string.Empty);
        builder.UseEnvironment("Development");
        builder.UseSetting(DatabaseSettings.ProviderKey, nameof(DatabaseProvider.Sqlite));
        builder.UseSetting(DatabaseSettings.ConnectionStringKey, _database.Settings.ConnectionString);
        builder.UseSetting("Database:MigrateOnStartup", "true");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _database.DisposeAsync();
    }
}
