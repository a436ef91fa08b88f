using System.CommandLine;
using Humanizer;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Configuration;
using Portal.Data;
using Portal.Data.Tenancy;

namespace Portal.Cli;

/// <summary><c>portal db migrate</c> and <c>portal db script</c>: explicit schema management for production.</summary>
internal static class DbCommands
{
    private static readonly Option<string?> ProviderOption = new("--provider")
    {
        Description = "Sqlite, SqlServer or PostgreSql (default: Database:Provider from appsettings.json or the environment)",
    };

    private static readonly Option<string?> ConnectionOption = new("--connection")
    {
        Description = "Connection string (default: ConnectionStrings:Portal)",
    };

    public static Command Create()
    {
        var migrate = new Command("migrate", "Apply pending migrations to the configured database.");
        migrate.Options.Add(ProviderOption);
        migrate.Options.Add(ConnectionOption);
        migrate.SetAction((result, ct) => Run(result, async db =>
        {
            var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
            await db.Database.MigrateAsync(ct);
            Console.WriteLine(pending.Count == 0 ? "Database is up to date." : $"Applied {"migration".ToQuantity(pending.Count)}: {string.Join(", ", pending)}");
        }));

        var script = new Command("script", "Print the idempotent SQL script of all migrations for the provider.");
        script.Options.Add(ProviderOption);
        script.Options.Add(ConnectionOption);
        script.SetAction((result, _) => Run(result, db =>
        {
            Console.WriteLine(db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent));
            return Task.CompletedTask;
        }));

        var db = new Command("db", "Database schema management.");
        db.Subcommands.Add(migrate);
        db.Subcommands.Add(script);
        return db;
    }

    private static async Task<int> Run(ParseResult result, Func<PortalDbContext, Task> action)
    {
        var configuration = new ConfigurationBuilder()
            .SetBasePath(Directory.GetCurrentDirectory())
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .AddInMemoryCollection(Overrides(result))
            .Build();
        DatabaseSettings settings;
        try
        {
            settings = DatabaseSettings.FromConfiguration(configuration, Directory.GetCurrentDirectory());
        }
        catch (PortalConfigurationException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return 2;
        }

        settings.EnsureStorageFolder();
        var options = new DbContextOptionsBuilder<PortalDbContext>();
        settings.Configure(options);
        await using var db = new PortalDbContext(options.Options, new TenantContext());
        await action(db);
        return 0;
    }

    private static Dictionary<string, string?> Overrides(ParseResult result)
    {
        var overrides = new Dictionary<string, string?>();
        if (result.GetValue(ProviderOption) is { } provider)
        {
            overrides[DatabaseSettings.ProviderKey] = provider;
        }

        if (result.GetValue(ConnectionOption) is { } connection)
        {
            overrides[DatabaseSettings.ConnectionStringKey] = connection;
        }

        return overrides;
    }
}
