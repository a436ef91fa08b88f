using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;
using Portal.Data;
using Portal.Data.Entities;

namespace Portal.Benchmarks.Logs;

/// <summary>
/// Fills the provisioning-log table of a migrated database fast — one prepared INSERT in one transaction on SQLite,
/// COPY on PostgreSQL — with column names and value conversions taken from the app's EF model, so the rows are
/// exactly what the app would have written.
/// </summary>
internal static class LogBulkLoader
{
    public static async Task LoadAsync(PortalDbContext db, IEnumerable<ProvisioningLogEntry> rows, CancellationToken cancellationToken)
    {
        var entity = db.Model.FindEntityType(typeof(ProvisioningLogEntry))!;
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var columns = entity.GetProperties().Where(p => p.Name != nameof(ProvisioningLogEntry.Id))
            .Select(p => (Name: p.GetColumnName(table)!, Read: Reader(p))).ToList();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync(cancellationToken);
        if (connection is NpgsqlConnection postgres)
        {
            await CopyAsync(postgres, entity.GetTableName()!, columns, rows, cancellationToken);
        }
        else
        {
            await InsertAsync((SqliteConnection)connection, entity.GetTableName()!, columns, rows, cancellationToken);
        }
    }

    private static Func<ProvisioningLogEntry, object?> Reader(IProperty property)
    {
        var info = property.PropertyInfo!;
        var converter = property.GetTypeMapping().Converter;
        return e =>
        {
            var value = info.GetValue(e);
            return value is null ? null : converter is null ? value : converter.ConvertToProvider(value);
        };
    }

    private static async Task InsertAsync(SqliteConnection connection, string table, List<(string Name, Func<ProvisioningLogEntry, object?> Read)> columns,
        IEnumerable<ProvisioningLogEntry> rows, CancellationToken cancellationToken)
    {
        await using var transaction = connection.BeginTransaction();
        await using var insert = connection.CreateCommand();
        insert.CommandText = $"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c.Name}\""))}) VALUES ({string.Join(", ", columns.Select((_, i) => $"$p{i}"))})";
        var parameters = columns.Select((_, i) => insert.Parameters.Add(new SqliteParameter($"$p{i}", null))).ToArray();
        insert.Prepare();
        foreach (var row in rows)
        {
            for (var i = 0; i < columns.Count; i++)
            {
                parameters[i].Value = columns[i].Read(row) ?? DBNull.Value;
            }

            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task CopyAsync(NpgsqlConnection connection, string table, List<(string Name, Func<ProvisioningLogEntry, object?> Read)> columns,
        IEnumerable<ProvisioningLogEntry> rows, CancellationToken cancellationToken)
    {
        await using (var writer = await connection.BeginTextImportAsync(
            $"COPY \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c.Name}\""))}) FROM STDIN (FORMAT csv)", cancellationToken))
        {
            var line = new StringBuilder();
            foreach (var row in rows)
            {
                line.Clear();
                for (var i = 0; i < columns.Count; i++)
                {
                    line.Append(i == 0 ? "" : ",").Append(Csv(columns[i].Read(row)));
                }

                await writer.WriteLineAsync(line, cancellationToken);
            }
        }

        await using var analyze = new NpgsqlCommand($"VACUUM ANALYZE \"{table}\"", connection);
        await analyze.ExecuteNonQueryAsync(cancellationToken);
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
