using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using VodSnapshot.Api.Persistence;

namespace VodSnapshot.Tests.TestSupport;

/// <summary>
/// Databases as versions before migrations left them (the tables of the first migration, no migrations history), and
/// what a test compares before and after an upgrade: the schema's shape and every row.
/// </summary>
public static class EarlierSchema
{
    /// <summary>Turns a migrated database into one of a version before migrations: the same tables, no history.</summary>
    public const string ForgetMigrations = """DROP TABLE "__EFMigrationsHistory"; DROP TABLE IF EXISTS "__EFMigrationsLock";""";

    /// <summary>Makes the tables of the provider's first migration in an empty database, and no history.</summary>
    public static async Task MakeAsync(VodDbContext db, CancellationToken ct)
    {
        await db.GetService<IMigrator>().MigrateAsync(db.Database.GetMigrations().First(), ct);
        await db.Database.ExecuteSqlRawAsync(ForgetMigrations, ct);
    }

    /// <summary>
    /// Every table's columns (name, type, nullability) and every index by name, sorted, but for EF Core's own migration
    /// tables: what "the schema is current" compares.
    /// </summary>
    public static async Task<List<string>> ShapeAsync(VodDbContext db, CancellationToken ct)
    {
        var sql = db.Database.IsSqlite()
            ? """
              SELECT m.name || '.' || p.name || ' ' || p.type || ' ' || p."notnull" AS Value FROM sqlite_master m, pragma_table_info(m.name) p
                WHERE m.type = 'table' AND substr(m.name, 1, 4) <> '__EF'
              UNION ALL SELECT 'index ' || name FROM sqlite_master WHERE type = 'index' AND substr(name, 1, 16) <> 'sqlite_autoindex'
              """
            : """
              SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable AS "Value" FROM information_schema.columns
                WHERE table_schema = current_schema() AND left(table_name, 4) <> '__EF'
              UNION ALL SELECT 'index ' || indexname FROM pg_indexes WHERE schemaname = current_schema() AND left(tablename, 4) <> '__EF'
              """;
        var shape = await db.Database.SqlQueryRaw<string>(sql).ToListAsync(ct);
        return [.. shape.Order(StringComparer.Ordinal)];
    }

    /// <summary>Every row of every table of the model, as "Table: column=value, …" (columns sorted), sorted.</summary>
    public static async Task<List<string>> RowsAsync(VodDbContext db, CancellationToken ct)
    {
        var rows = new List<string>();
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var existing = await TablesAsync(connection, ct);
            // The model's tables that the database has (an earlier version lacked some).
            foreach (var table in db.Model.GetEntityTypes().Select(e => e.GetTableName()).OfType<string>().Distinct(StringComparer.Ordinal).Where(existing.Contains))
            {
                rows.AddRange(await TableRowsAsync(connection, table, ct));
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        return [.. rows.Order(StringComparer.Ordinal)];
    }

    /// <summary>Each row of <paramref name="before"/> that is not in <paramref name="after"/> with the same values in the columns it had.</summary>
    public static List<string> Lost(IEnumerable<string> before, IEnumerable<string> after)
    {
        var kept = after.ToList();
        return [.. before.Where(row => !kept.Any(k => Contains(k, row)))];
    }

    // A row "after" keeps a row "before" when it is of the same table and has each of its column=value pairs.
    private static bool Contains(string after, string before)
    {
        var (afterTable, afterPairs) = Split(after);
        var (beforeTable, beforePairs) = Split(before);
        return afterTable == beforeTable && beforePairs.All(afterPairs.Contains);
    }

    private static (string Table, HashSet<string> Pairs) Split(string row)
    {
        var colon = row.IndexOf(": ", StringComparison.Ordinal);
        return (row[..colon], [.. row[(colon + 2)..].Split(" | ")]);
    }

    private static async Task<List<string>> TableRowsAsync(DbConnection connection, string table, CancellationToken ct)
    {
        var rows = new List<string>();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT * FROM \"" + table + "\"";
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var pairs = Enumerable.Range(0, reader.FieldCount)
                .Select(i => reader.GetName(i) + "=" + (reader.IsDBNull(i) ? "NULL" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)))
                .Order(StringComparer.Ordinal);
            rows.Add(table + ": " + string.Join(" | ", pairs));
        }

        return rows;
    }

    private static async Task<HashSet<string>> TablesAsync(DbConnection connection, CancellationToken ct)
    {
        var tables = new HashSet<string>(StringComparer.Ordinal);
        await using var command = connection.CreateCommand();
        command.CommandText = connection.GetType().Name.StartsWith("Sqlite", StringComparison.Ordinal)
            ? "SELECT name FROM sqlite_master WHERE type = 'table'"
            : "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()";
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            tables.Add(reader.GetString(0));
        }

        return tables;
    }
}
