using System.Data.Common;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using VodSnapshot.Api.Persistence;

namespace VodSnapshot.Api.Persistence.Sqlite;

/// <summary>
/// SQLite-specific: reads the table list from <c>sqlite_master</c>.
/// EnsureCreated builds a new database whole but leaves an existing one as it is, so a state folder kept from an earlier
/// version would lack the tables added since and fail on first use. This adds exactly those tables (with their indexes)
/// from the model's own create script; tables that exist are never touched.
/// </summary>
public static partial class MissingTables
{
    /// <summary>Creates the model's tables the database lacks; answers their names (none for a current database).</summary>
    public static async Task<IReadOnlyList<string>> CreateMissingTablesAsync(this VodDbContext db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var existing = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            await using (var query = connection.CreateCommand())
            {
                query.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table'";
                await using var reader = await query.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    existing.Add(reader.GetString(0));
                }
            }

            var missing = db.Model.GetEntityTypes()
                .Select(e => e.GetTableName())
                .OfType<string>()
                .Where(t => !existing.Contains(t))
                .ToHashSet(StringComparer.OrdinalIgnoreCase);
            if (missing.Count == 0)
            {
                return [];
            }

            foreach (var statement in db.Database.GenerateCreateScript().Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (CreatedTable(statement) is { } table && missing.Contains(table))
                {
                    await ExecuteAsync(connection, statement, ct);
                }
            }

            return [.. missing.Order(StringComparer.Ordinal)];
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static string? CreatedTable(string statement)
    {
        var match = CreateStatement().Match(statement);
        return match.Success ? match.Groups["table"].Value : null;
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(ct);
    }

    [GeneratedRegex("""^CREATE\s+(?:TABLE|(?:UNIQUE\s+)?INDEX\s+"[^"]+"\s+ON)\s+"(?<table>[^"]+)"\s*\(""", RegexOptions.CultureInvariant)]
    private static partial Regex CreateStatement();
}
