using System.Data.Common;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Portal.Data;

/// <summary>
/// The validated database settings: <c>Database:Provider</c> and <c>ConnectionStrings:Portal</c>. Validation happens
/// before anything touches a database, so a bad setting never leaves a half-created one behind.
/// </summary>
public sealed record DatabaseSettings(DatabaseProvider Provider, string ConnectionString)
{
    public const string ProviderKey = "Database:Provider";
    public const string ConnectionStringKey = "ConnectionStrings:Portal";
    public const string DefaultSqliteConnectionString = "Data Source=App_Data/portal.db";

    private static readonly string Accepted = string.Join(", ", Enum.GetNames<DatabaseProvider>());

    /// <summary>Reads and validates the settings; relative SQLite paths are resolved against <paramref name="contentRoot"/>.</summary>
    public static DatabaseSettings FromConfiguration(IConfiguration configuration, string contentRoot)
    {
        var providerText = configuration[ProviderKey];
        var provider = DatabaseProvider.Sqlite;
        if (!string.IsNullOrWhiteSpace(providerText) && !Enum.TryParse(providerText, ignoreCase: true, out provider))
        {
            throw new PortalConfigurationException(
                $"Setting '{ProviderKey}' has the unknown value '{providerText}'; accepted values: {Accepted}.");
        }

        var connectionString = configuration[ConnectionStringKey];
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            if (provider != DatabaseProvider.Sqlite)
            {
                throw new PortalConfigurationException(
                    $"Setting '{ConnectionStringKey}' is missing; it is required when '{ProviderKey}' is {provider}.");
            }

            connectionString = DefaultSqliteConnectionString;
        }

        return For(provider, connectionString, contentRoot);
    }

    public static DatabaseSettings For(DatabaseProvider provider, string connectionString, string contentRoot) =>
        new(provider, Normalize(provider, connectionString, contentRoot));

    private static readonly SqliteWriteAheadLog WriteAheadLog = new();

    public void Configure(DbContextOptionsBuilder options)
    {
        var assembly = MigrationsAssemblies.For(Provider);
        _ = Provider switch
        {
            DatabaseProvider.Sqlite => options.UseSqlite(ConnectionString, o => o.MigrationsAssembly(assembly)).AddInterceptors(WriteAheadLog),
            DatabaseProvider.SqlServer => options.UseSqlServer(ConnectionString, o => o.MigrationsAssembly(assembly)),
            _ => options.UseNpgsql(ConnectionString, o => o.MigrationsAssembly(assembly)),
        };
    }

    /// <summary>Creates the folder of a SQLite file; called only once the settings are known to be valid.</summary>
    public void EnsureStorageFolder()
    {
        if (Provider == DatabaseProvider.Sqlite && new SqliteConnectionStringBuilder(ConnectionString).DataSource is { Length: > 0 } file
            && file != ":memory:" && Path.GetDirectoryName(file) is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
        }
    }

    private static string Normalize(DatabaseProvider provider, string connectionString, string contentRoot)
    {
        DbConnectionStringBuilder builder;
        try
        {
            builder = provider switch
            {
                DatabaseProvider.Sqlite => new SqliteConnectionStringBuilder(connectionString),
                DatabaseProvider.SqlServer => new SqlConnectionStringBuilder(connectionString),
                _ => new NpgsqlConnectionStringBuilder(connectionString),
            };
        }
        catch (Exception e) when (e is ArgumentException or FormatException or KeyNotFoundException)
        {
            throw new PortalConfigurationException(
                $"Setting '{ConnectionStringKey}' is not a valid {provider} connection string: {e.Message}");
        }

        if (builder is SqliteConnectionStringBuilder sqlite)
        {
            if (string.IsNullOrWhiteSpace(sqlite.DataSource))
            {
                throw new PortalConfigurationException(
                    $"Setting '{ConnectionStringKey}' has no Data Source; give a file path such as '{DefaultSqliteConnectionString}'.");
            }

            if (sqlite.DataSource != ":memory:" && !Path.IsPathRooted(sqlite.DataSource))
            {
                sqlite.DataSource = Path.GetFullPath(Path.Combine(contentRoot, sqlite.DataSource));
            }
        }
        else if (builder is NpgsqlConnectionStringBuilder { Host: null or "" } or SqlConnectionStringBuilder { DataSource: null or "" })
        {
            throw new PortalConfigurationException(
                $"Setting '{ConnectionStringKey}' names no server (Host / Server) for {provider}.");
        }

        return builder.ConnectionString;
    }
}
