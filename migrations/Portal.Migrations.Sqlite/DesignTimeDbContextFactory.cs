using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Portal.Data;
using Portal.Data.Tenancy;

namespace Portal.Migrations.Sqlite;

/// <summary>Lets <c>dotnet ef</c> build the model for Sqlite without starting the web host; no database is contacted.</summary>
public sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<PortalDbContext>
{
    public PortalDbContext CreateDbContext(string[] args)
    {
        var settings = DatabaseSettings.For(DatabaseProvider.Sqlite, "Data Source=design-time.db", Directory.GetCurrentDirectory());
        var options = new DbContextOptionsBuilder<PortalDbContext>();
        settings.Configure(options);
        return new PortalDbContext(options.Options, new TenantContext());
    }
}
