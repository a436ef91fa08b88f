using Microsoft.EntityFrameworkCore;
using Npgsql;
using Portal.Data;
using Portal.Data.Tenancy;

namespace Portal.Testing;

/// <summary>
/// A throw-away database on a real engine: a SQLite file in a temp folder, or a fresh database on the PostgreSQL
/// cluster that test.sh started (connection string in PORTAL_TEST_POSTGRES).
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "PORTAL_TEST_POSTGRES";

    private readonly Func<Task> _drop;

    private TestDatabase(DatabaseSettings settings, Func<Task> drop)
    {
        Settings = settings;
        _drop = drop;
    }

    public DatabaseSettings Settings { get; }

    public static string? PostgresServer => Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } cs ? cs : null;

    public static Task<TestDatabase> CreateAsync(DatabaseProvider provider, string? sqliteOptions = null) => provider switch
    {
        DatabaseProvider.Sqlite => Task.FromResult(CreateSqlite(sqliteOptions)),
        DatabaseProvider.PostgreSql => CreatePostgreSqlAsync(),
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "SQL Server cannot run here."),
    };

    /// <param name="options">Extra connection string keywords, e.g. <c>Default Timeout=1</c> for a short busy wait.</param>
    public static TestDatabase CreateSqlite(string? options = null)
    {
        var folder = Directory.CreateTempSubdirectory("portal-test-");
        var settings = DatabaseSettings.For(DatabaseProvider.Sqlite, $"Data Source=portal.db;{options}", folder.FullName);
        return new TestDatabase(settings, () =>
        {
            // Pooled SQLite connections keep the file open; clear them so the folder can go.
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
            return Task.CompletedTask;
        });
    }

    public static async Task<TestDatabase> CreatePostgreSqlAsync()
    {
        var server = PostgresServer;
        Assert.SkipWhen(server is null, $"{PostgresVariable} is not set: run ./test.sh to start PostgreSQL.");
        var name = $"portal_test_{Guid.NewGuid():N}";
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            await create.ExecuteNonQueryAsync();
        }

        var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
        var settings = DatabaseSettings.For(DatabaseProvider.PostgreSql, connectionString, Directory.GetCurrentDirectory());
        return new TestDatabase(settings, async () =>
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(server);
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        });
    }

    public PortalDbContext CreateContext(Guid? tenantId = null)
    {
        var options = new DbContextOptionsBuilder<PortalDbContext>();
        Settings.Configure(options);
        return new PortalDbContext(options.Options, new TenantContext { TenantId = tenantId });
    }

    public async Task MigrateAsync()
    {
        await using var db = CreateContext();
        await db.Database.MigrateAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync() => await _drop();
}
