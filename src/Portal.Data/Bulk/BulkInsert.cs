using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Portal.Data.Bulk;

/// <summary>
/// Inserts many rows of one entity type without EF's change tracking and per-batch SQL: one prepared INSERT reused for
/// every row on SQLite, COPY on PostgreSQL. A cycle writes a log row per object, and through EF each batch of them was
/// a new multi-statement command that SQLite compiled statement by statement. Column names and value
/// conversions come from the EF model, so a row is exactly what EF would have written. Runs on the context's
/// connection, inside its current transaction if there is one; SQL Server keeps EF's batched inserts.
/// </summary>
internal sealed class BulkInsert<T> where T : class
{
    private static readonly ConditionalWeakTable<IModel, BulkInsert<T>> ByModel = new();

    private readonly string _table;
    private readonly Column[] _columns;
    private readonly IProperty _key;
    private readonly string _keyColumn;

    private BulkInsert(IModel model)
    {
        var entity = model.FindEntityType(typeof(T))!;
        _table = entity.GetTableName()!;
        var table = StoreObjectIdentifier.Table(_table, entity.GetSchema());
        // The id is the database's to assign.
        _columns = [.. entity.GetProperties().Where(p => !p.IsPrimaryKey()).Select(p => new Column(p.GetColumnName(table)!, Reader(p)))];
        _key = entity.FindPrimaryKey()!.Properties.Single();
        _keyColumn = _key.GetColumnName(table)!;
    }

    private sealed record Column(string Name, Func<T, object?> Read);

    public static BulkInsert<T> For(IModel model) => ByModel.GetValue(model, m => new BulkInsert<T>(m));

    /// <summary>
    /// Writes the rows on the context's connection, inside its current transaction if there is one. On SQL Server the
    /// rows are added to the context instead, and the caller's SaveChanges writes them. Generated ids are not read
    /// back; on SQLite, inside a transaction, the ids the rows got are returned as a range (their first and last), or
    /// null when there were no rows.
    /// </summary>
    public async Task<(long First, long Last)?> WriteAsync(PortalDbContext db, IEnumerable<T> rows, CancellationToken cancellationToken)
    {
        if (db.Database.IsSqlServer())
        {
            db.Set<T>().AddRange(rows);
            return null;
        }

        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            switch (db.Database.GetDbConnection())
            {
                case NpgsqlConnection postgres:
                    await CopyAsync(postgres, rows, withKey: false, cancellationToken);
                    return null;
                case SqliteConnection sqlite:
                    // One writer holds SQLite's write lock from its first insert to its commit, so within a transaction
                    // the AUTOINCREMENT ids of the rows follow each other without gaps.
                    var (count, last) = Insert(sqlite, (SqliteTransaction?)db.Database.CurrentTransaction?.GetDbTransaction(), rows);
                    return count == 0 ? null : (last - count + 1, last);
                default:
                    throw new NotSupportedException($"No bulk insert for {db.Database.ProviderName}.");
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// Inserts rows whose generated ids the caller needs, and sets each row's id, which saves EF's per-batch SQL and
    /// change tracking: on SQLite one prepared INSERT ... RETURNING per row; on PostgreSQL the ids are taken from the
    /// key's identity sequence first, then the rows go in with them by COPY. On SQL Server the rows are added to the
    /// context and the caller's SaveChanges writes them and reads their ids, as EF does.
    /// </summary>
    public async Task InsertReadingIdsAsync(PortalDbContext db, IReadOnlyList<T> rows, CancellationToken cancellationToken)
    {
        if (db.Database.IsSqlServer())
        {
            db.Set<T>().AddRange(rows);
            return;
        }

        if (rows.Count == 0)
        {
            return;
        }

        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            switch (db.Database.GetDbConnection())
            {
                case NpgsqlConnection postgres:
                    await TakeIdsAsync(postgres, rows, cancellationToken);
                    await CopyAsync(postgres, rows, withKey: true, cancellationToken);
                    break;
                case SqliteConnection sqlite:
                    Insert(sqlite, (SqliteTransaction?)db.Database.CurrentTransaction?.GetDbTransaction(), rows, readIds: true);
                    break;
                default:
                    throw new NotSupportedException($"No bulk insert for {db.Database.ProviderName}.");
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    // An identity column BY DEFAULT takes given values; taking them from its own sequence keeps EF's later inserts from
    // colliding with them. A rolled-back batch leaves a gap in the ids, as a rolled-back INSERT does.
    private async Task TakeIdsAsync(NpgsqlConnection connection, IReadOnlyList<T> rows, CancellationToken cancellationToken)
    {
        await using var next = new NpgsqlCommand(
            $"SELECT nextval(pg_get_serial_sequence('\"{_table}\"', '{_keyColumn}')) FROM generate_series(1, $1)", connection);
        next.Parameters.Add(new NpgsqlParameter { Value = rows.Count });
        await using var ids = await next.ExecuteReaderAsync(cancellationToken);
        foreach (var row in rows)
        {
            await ids.ReadAsync(cancellationToken);
            SetKey(row, ids.GetInt64(0));
        }
    }

    private void SetKey(T row, object? id)
    {
        var key = _key.PropertyInfo!;
        key.SetValue(row, Convert.ChangeType(id, key.PropertyType, CultureInfo.InvariantCulture));
    }

    private string ColumnList => string.Join(", ", _columns.Select(c => $"\"{c.Name}\""));

    private string ColumnListWithKey => $"\"{_keyColumn}\", {ColumnList}";

    // The number of rows and, unless each row's id was read already, the last rowid the connection inserted.
    private (long Count, long LastRowId) Insert(SqliteConnection connection, SqliteTransaction? transaction, IEnumerable<T> rows, bool readIds = false)
    {
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = $"INSERT INTO \"{_table}\" ({ColumnList}) VALUES ({string.Join(", ", _columns.Select((_, i) => $"$p{i}"))})"
            + (readIds ? $" RETURNING \"{_keyColumn}\"" : "");
        var parameters = _columns.Select((_, i) => insert.Parameters.Add(new SqliteParameter($"$p{i}", null))).ToArray();
        insert.Prepare();
        var count = 0L;
        foreach (var row in rows)
        {
            count++;
            for (var i = 0; i < _columns.Length; i++)
            {
                parameters[i].Value = _columns[i].Read(row) ?? DBNull.Value;
            }

            // SQLite runs in-process: its async methods complete synchronously anyway.
            if (readIds)
            {
                SetKey(row, insert.ExecuteScalar());
            }
            else
            {
                insert.ExecuteNonQuery();
            }
        }

        if (readIds)
        {
            return (count, 0);
        }

        using var lastRowId = connection.CreateCommand();
        lastRowId.Transaction = transaction;
        lastRowId.CommandText = "SELECT last_insert_rowid()";
        return (count, (long)lastRowId.ExecuteScalar()!);
    }

    private async Task CopyAsync(NpgsqlConnection connection, IEnumerable<T> rows, bool withKey, CancellationToken cancellationToken)
    {
        var columns = withKey ? ColumnListWithKey : ColumnList;
        await using var writer = await connection.BeginTextImportAsync($"COPY \"{_table}\" ({columns}) FROM STDIN (FORMAT csv)", cancellationToken);
        var key = _key.PropertyInfo!;
        var line = new StringBuilder();
        foreach (var row in rows)
        {
            line.Clear();
            if (withKey)
            {
                line.Append(Csv(key.GetValue(row))).Append(',');
            }

            for (var i = 0; i < _columns.Length; i++)
            {
                line.Append(i == 0 ? "" : ",").Append(Csv(_columns[i].Read(row)));
            }

            await writer.WriteLineAsync(line, cancellationToken);
        }
    }

    private static Func<T, object?> Reader(IProperty property)
    {
        var info = property.PropertyInfo!;
        var converter = property.GetTypeMapping().Converter;
        return e =>
        {
            var value = info.GetValue(e);
            return value is null ? null : converter is null ? value : converter.ConvertToProvider(value);
        };
    }

    // CSV for COPY: an unquoted empty field is NULL, a quoted one the empty string.
    private static string Csv(object? value) => value switch
    {
        null => "",
        DateTimeOffset d => d.UtcDateTime.ToString("o", CultureInfo.InvariantCulture),
        string s => "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
