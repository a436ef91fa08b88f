using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Portal.Data;

/// <summary>
/// Opens every SQLite connection in write-ahead-log mode with <c>synchronous=NORMAL</c>: a commit appends to the log
/// instead of rewriting pages behind a journal with several fsyncs, so the engine's batched writes cost a fraction,
/// and readers (the Logs page) no longer wait for a writer. Still safe against a process crash; only a power loss can
/// take back the last commits, which the engine's matching recovers from like a crash.
/// </summary>
internal sealed class SqliteWriteAheadLog : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
