using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Portal.Data;
using Portal.Data.Entities;
using Portal.Provisioning.Cycles;
using Portal.Sandbox.Scim;
using Portal.Testing;

namespace Portal.Integration.Tests.Cycles;

/// <summary>
/// The portal database goes away in the middle of a cycle's export — the SQLite file locked by another process, or
/// the PostgreSQL database closed to connections and its sessions killed — and comes back: the cycle stops as
/// aborted with a reason and a recommendation, nothing is created twice, the watermark does not move, the dead cycle
/// is marked Abandoned and the next cycle converges.
/// </summary>
public sealed class DatabaseFaultCycleTests
{
    private const int NewUsers = 12;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task RunCycle_StopsAsAbortedAndTheNextCycleConverges_WhenTheDatabaseFailsMidExport(DatabaseProvider provider)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var sandbox = await EngineSandbox.StartAsync(provider, new EngineOptions { WriteBatchSize = 1 }, clock,
            FaultMatrixCycleTests.FastScim with { RequestTimeout = TimeSpan.FromSeconds(10) }, sqliteOptions: "Default Timeout=1");
        var world = await ChangedWorld.SetUpAsync(sandbox, NewUsers);
        var watermark = (await sandbox.JobAsync()).Watermark.UsersDeltaLink;
        await using var outage = provider == DatabaseProvider.Sqlite ? (IOutage)new SqliteLock(sandbox.Database) : new PostgresShutdown(sandbox.Database);

        // Every create is answered a second late, so the database goes away after the target created the first new
        // account and before the engine can record it.
        sandbox.Scim.Target.Faults.Add(new SandboxFault(SandboxFaultKind.Slow, Count: 1_000, Method: "POST", DelayMilliseconds: 1_000));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var accountsBefore = sandbox.Scim.Target.Users.Count;
        var trigger = Task.Run(async () =>
        {
            while (sandbox.Scim.Target.Users.Count == accountsBefore)
            {
                await Task.Delay(1, stop.Token);
            }

            await outage.BeginAsync();
        }, stop.Token);
        var stopped = await sandbox.RunAsync();
        await trigger;

        Assert.Equal(CycleOutcome.Aborted, stopped.Outcome);
        Assert.Contains("The portal database failed mid-cycle", stopped.Error, StringComparison.Ordinal);
        Assert.Contains("Check that the database server is running", stopped.Error, StringComparison.Ordinal);
        var names = sandbox.Scim.Target.Users.Select(u => u["userName"]!.GetValue<string>()).ToList();
        Assert.Equal(names.Count, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());

        await outage.EndAsync();
        sandbox.Scim.Target.Faults.Clear();
        Assert.Equal(watermark, (await sandbox.JobAsync()).Watermark.UsersDeltaLink);
        clock.Advance(TimeSpan.FromHours(7));
        var next = await sandbox.RunAsync();

        await FaultMatrixCycleTests.AssertConvergedAsync(sandbox, world, next);
        await using var db = sandbox.Database.CreateContext(sandbox.TenantId);
        var dead = await db.Cycles.AsNoTracking().SingleAsync(c => c.Id == stopped.CycleId, Ct);
        Assert.Contains(dead.State, new[] { CycleState.Failed, CycleState.Abandoned });
        Assert.NotNull(dead.Error);
    }

    private interface IOutage : IAsyncDisposable
    {
        Task BeginAsync();

        Task EndAsync();
    }

    /// <summary>Another process's exclusive transaction on the SQLite file: every write of the portal gets SQLITE_BUSY.</summary>
    private sealed class SqliteLock(TestDatabase database) : IOutage
    {
        private SqliteConnection? _connection;

        public async Task BeginAsync()
        {
            _connection = new SqliteConnection(new SqliteConnectionStringBuilder(database.Settings.ConnectionString) { Pooling = false }.ConnectionString);
            await _connection.OpenAsync(Ct);
            await using var command = _connection.CreateCommand();
            command.CommandText = "BEGIN EXCLUSIVE;";
            await command.ExecuteNonQueryAsync(Ct);
        }

        public async Task EndAsync()
        {
            if (_connection is not null)
            {
                await _connection.DisposeAsync();
                _connection = null;
            }
        }

        public async ValueTask DisposeAsync() => await EndAsync();
    }

    /// <summary>The database refuses new connections and its sessions are terminated (pg_terminate_backend).</summary>
    private sealed class PostgresShutdown(TestDatabase database) : IOutage
    {
        private readonly string _name = new NpgsqlConnectionStringBuilder(database.Settings.ConnectionString).Database!;
        private bool _down;

        public async Task BeginAsync()
        {
            await ExecuteAsync($"ALTER DATABASE {_name} ALLOW_CONNECTIONS false");
            await ExecuteAsync($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{_name}' AND pid <> pg_backend_pid()");
            _down = true;
        }

        public async Task EndAsync()
        {
            if (_down)
            {
                await ExecuteAsync($"ALTER DATABASE {_name} ALLOW_CONNECTIONS true");
                _down = false;
            }
        }

        public async ValueTask DisposeAsync() => await EndAsync();

        private static async Task ExecuteAsync(string sql)
        {
            await using var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(TestDatabase.PostgresServer) { Pooling = false }.ConnectionString);
            await admin.OpenAsync(Ct);
            await using var command = new NpgsqlCommand(sql, admin);
            await command.ExecuteNonQueryAsync(Ct);
        }
    }
}
