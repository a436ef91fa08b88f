using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Portal.Data;

/// <summary>
/// Opens every SQLite connection in write-ahead-log mode with <c>synchronous=NORMAL</c>: a commit appends to the log
/// instead of rewriting pages behind a journal with several fsyncs, so the engine's batched writes cost a fraction,
/// and readers (the Logs page) no longer wait for a writer. Still safe against a process crash; only a power loss can
/// take back the last commits, which the engine's matching recovers from like a crash. The log is copied back into the
/// database every 16,384 pages (64 MiB) instead of SQLite's 1,000 (4 MiB, a few of a cycle's batches): commits kept
/// paying a checkpoint with its fsyncs, and pages that many batches touch (the log table's indexes, its search index)
/// were copied back many times over. A 12 MiB page cache per connection (SQLite's default is 2 MiB) keeps those
/// indexes' inner pages in memory while a large log grows; more cache was faster still but took a 100,000-user
/// initial cycle close to its 600 MB goal.
/// </summary>
internal sealed class SqliteWriteAheadLog : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA wal_autocheckpoint=16384; PRAGMA cache_size=-12288;";

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
