using System.Data.Common;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace VodSnapshot.Api.Persistence.PostgreSql;

/// <summary>
/// Everything that is PostgreSQL about the database: the provider on <c>ConnectionStrings:Vod</c>, and what start-up
/// does to the database. Several nodes may start at once: the schema is made under one advisory lock, by whichever
/// node gets it first; the others find it made.
/// </summary>
public static partial class PostgreSqlDatabase
{
    /// <summary>The name of the connection string (<c>ConnectionStrings:Vod</c>).</summary>
    public const string ConnectionName = "Vod";

    // Any fixed 64-bit number, the same on every node: the key of the advisory lock that serializes schema creation.
    private const long SchemaLockKey = 0x566f_6453_6e61_7031;

    /// <summary>The context on the PostgreSQL database of <c>ConnectionStrings:Vod</c>.</summary>
    public static WebApplicationBuilder AddPostgreSqlDatabase(this WebApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString(ConnectionName);
        builder.Services.AddDbContext<VodDbContext>(options => options.UseNpgsql(connectionString));
        return builder;
    }

    /// <summary>Creates the tables (with their indexes) the database lacks, under the schema lock.</summary>
    public static async Task<IReadOnlyList<string>> CreateMissingTablesAsync(VodDbContext db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await ExecuteAsync(connection, $"SELECT pg_advisory_lock({SchemaLockKey})", ct);
            try
            {
                var existing = new HashSet<string>(StringComparer.Ordinal);
                await using (var query = connection.CreateCommand())
                {
                    query.CommandText = "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()";
                    await using var reader = await query.ExecuteReaderAsync(ct);
                    while (await reader.ReadAsync(ct))
                    {
                        existing.Add(reader.GetString(0));
                    }
                }

                var missing = db.Model.GetEntityTypes().Select(e => e.GetTableName()).OfType<string>().Where(t => !existing.Contains(t)).ToHashSet(StringComparer.Ordinal);
                if (missing.Count == 0)
                {
                    return [];
                }

                // The model's own create script, statement by statement, keeping those that make a missing table or its indexes.
                foreach (var statement in db.Database.GenerateCreateScript().Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    var match = CreateStatement().Match(statement);
                    if (match.Success && missing.Contains(match.Groups["table"].Value))
                    {
                        await ExecuteAsync(connection, statement, ct);
                    }
                }

                return [.. missing.Order(StringComparer.Ordinal)];
            }
            finally
            {
                await ExecuteAsync(connection, $"SELECT pg_advisory_unlock({SchemaLockKey})", CancellationToken.None);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>Whether <paramref name="exception"/> is PostgreSQL refusing a duplicate key.</summary>
    public static bool IsUniqueViolation(Exception exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } || (exception.InnerException is { } inner && IsUniqueViolation(inner));

    private static async Task ExecuteAsync(DbConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(ct);
    }

    [GeneratedRegex("""^CREATE\s+(?:TABLE|(?:UNIQUE\s+)?INDEX\s+"[^"]+"\s+ON)\s+"(?<table>[^"]+)"\s*\(""", RegexOptions.CultureInvariant)]
    private static partial Regex CreateStatement();
}
