using Microsoft.EntityFrameworkCore;
using Npgsql;
using Portal.Data;
using Portal.Data.Tenancy;

namespace Portal.Benchmarks.Sync;

/// <summary>
/// A throw-away, migrated portal database: a SQLite file in a temp folder, or a fresh database on a PostgreSQL server
/// (the given connection string, else PORTAL_TEST_POSTGRES) dropped afterwards.
/// </summary>
public sealed class BenchmarkDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "PORTAL_TEST_POSTGRES";

    private readonly Func<Task> _drop;

    private BenchmarkDatabase(DatabaseSettings settings, Func<Task> drop)
    {
        Settings = settings;
        _drop = drop;
    }

    public DatabaseSettings Settings { get; }

    public static async Task<BenchmarkDatabase> CreateAsync(DatabaseProvider provider, string? server, CancellationToken cancellationToken)
    {
        var database = provider switch
        {
            DatabaseProvider.Sqlite => CreateSqlite(),
            DatabaseProvider.PostgreSql => await CreatePostgreSqlAsync(server ?? Environment.GetEnvironmentVariable(PostgresVariable)
                ?? throw new InvalidOperationException($"PostgreSQL needs --connection or {PostgresVariable}."), cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "Benchmarks run on SQLite or PostgreSQL."),
        };
        await using var db = database.CreateContext(null);
        await db.Database.MigrateAsync(cancellationToken);
        return database;
    }

    public static DatabaseProvider ParseProvider(string? name) => name?.ToLowerInvariant() switch
    {
        null or "sqlite" => DatabaseProvider.Sqlite,
        "postgresql" or "postgres" => DatabaseProvider.PostgreSql,
        _ => throw new ArgumentException($"Unknown database '{name}'; use sqlite or postgresql.", nameof(name)),
    };

    public PortalDbContext CreateContext(Guid? tenantId)
    {
        var options = new DbContextOptionsBuilder<PortalDbContext>();
        Settings.Configure(options);
        return new PortalDbContext(options.Options, new TenantContext { TenantId = tenantId });
    }

    /// <summary>The tenant's contexts as the portal's services take them (its query filter on).</summary>
    public IDbContextFactory<PortalDbContext> ContextsFor(Guid tenantId) => new TenantContexts(this, tenantId);

    public async ValueTask DisposeAsync() => await _drop();

    private static BenchmarkDatabase CreateSqlite()
    {
        var folder = Directory.CreateTempSubdirectory("portal-bench-");
        return new BenchmarkDatabase(DatabaseSettings.For(DatabaseProvider.Sqlite, "Data Source=portal.db", folder.FullName), () =>
        {
            // Pooled connections keep the file open.
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
            return Task.CompletedTask;
        });
    }

    private static async Task<BenchmarkDatabase> CreatePostgreSqlAsync(string server, CancellationToken cancellationToken)
    {
        var name = $"portal_bench_{Guid.NewGuid():N}";
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync(cancellationToken);
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
        return new BenchmarkDatabase(DatabaseSettings.For(DatabaseProvider.PostgreSql, connectionString, Directory.GetCurrentDirectory()), async () =>
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(server);
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        });
    }

    /// <summary>Contexts of one tenant, as the web app's scoped factory hands them to its pages.</summary>
    private sealed class TenantContexts(BenchmarkDatabase database, Guid tenantId) : IDbContextFactory<PortalDbContext>
    {
        public PortalDbContext CreateDbContext() => database.CreateContext(tenantId);
    }
}
