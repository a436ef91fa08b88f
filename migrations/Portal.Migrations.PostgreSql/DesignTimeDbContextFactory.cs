using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Portal.Data;
using Portal.Data.Tenancy;

namespace Portal.Migrations.PostgreSql;

/// <summary>Lets <c>dotnet ef</c> build the model for PostgreSql without starting the web host; no database is contacted.</summary>
public sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<PortalDbContext>
{
    public PortalDbContext CreateDbContext(string[] args)
    {
        var settings = DatabaseSettings.For(DatabaseProvider.PostgreSql, "Host=localhost;Database=portal;Username=portal", Directory.GetCurrentDirectory());
        var options = new DbContextOptionsBuilder<PortalDbContext>();
        settings.Configure(options);
        return new PortalDbContext(options.Options, new TenantContext());
    }
}
