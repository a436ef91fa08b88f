using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Portal.Data;
using Portal.Data.Secrets;

namespace Portal.Web.Tests.Security;

/// <summary>Every value of every column of every table in the EF model, as text, except the encrypted columns.</summary>
internal static class DatabaseText
{
    public static async Task<List<string>> ReadAllAsync(PortalDbContext db, CancellationToken ct)
    {
        var values = new List<string>();
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        foreach (var entity in db.Model.GetEntityTypes().Where(e => e.GetTableName() is not null && e.ClrType != typeof(DataProtectionKey)))
        {
            var table = entity.GetTableName()!;
            var store = StoreObjectIdentifier.Table(table, entity.GetSchema());
            // Owned types (the job's target, the tenant's directory) are entity types of their owner's table.
            var columns = entity.GetProperties()
                .Where(p => p.ClrType != typeof(ProtectedSecret))
                .Select(p => p.GetColumnName(store))
                .OfType<string>()
                .Distinct()
                .ToList();
            if (columns.Count == 0)
            {
                continue;
            }

            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT {string.Join(", ", columns.Select(Quote))} FROM {Quote(table)}";
            await using DbDataReader reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    values.Add($"{table}.{columns[i]}={(reader.IsDBNull(i) ? "" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))}");
                }
            }
        }

        return values;
    }

    private static string Quote(string name) => $"\"{name}\"";
}
