using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace VodSnapshot.Api.Persistence.PostgreSql;

/// <summary>
/// Everything that is PostgreSQL about the database: the provider on <c>ConnectionStrings:Vod</c>, and what start-up
/// does to the database (its migrations, in PostgreSql/Migrations). Several nodes may start at once: the schema is
/// migrated under one advisory lock, by whichever node gets it first; the others find it current.
/// </summary>
public static class PostgreSqlDatabase
{
    /// <summary>The name of the connection string (<c>ConnectionStrings:Vod</c>).</summary>
    public const string ConnectionName = "Vod";

    // Any fixed 64-bit number, the same on every node: the key of the advisory lock that serializes schema changes.
    private const long SchemaLockKey = 0x566f_6453_6e61_7031;

    /// <summary>The context on the PostgreSQL database of <c>ConnectionStrings:Vod</c>.</summary>
    public static WebApplicationBuilder AddPostgreSqlDatabase(this WebApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString(ConnectionName);
        builder.Services.AddDbContextPool<VodDbContext, PostgreSqlVodDbContext>(options => options.UseNpgsql(connectionString));
        return builder;
    }

    /// <summary>
    /// Baselines a database of a version before migrations and applies the migrations it lacks, under the schema lock:
    /// nodes starting together take turns, and each after the first finds the work done. EF Core's own migration lock
    /// (the history table locked in the migration's transaction) covers the migrations only; the baseline before them
    /// must not run on two nodes at once, nor beside another node's first migration.
    /// </summary>
    public static async Task<Baseline?> MigrateAsync(VodDbContext db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var connection = db.Database.GetDbConnection();
        // Opened here, the connection stays open through the migrator's work: the session lock is held on it throughout.
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            // Waits as long as another node's migrations take (no command timeout), or until this node is stopped.
            await ExecuteAsync(connection, $"SELECT pg_advisory_lock({SchemaLockKey})", ct, timeoutSeconds: 0);
            try
            {
                // Earlier versions made every table of their model at once: no columns to add.
                var baseline = await SchemaBaseline.ApplyAsync(db, c => ExistingTablesAsync(connection, c), _ => Task.FromResult<IReadOnlyList<string>>([]), ct);
                await db.Database.MigrateAsync(ct);
                return baseline;
            }
            finally
            {
                // A session lock outlives the pooled connection's return: released before it goes back.
                await ExecuteAsync(connection, $"SELECT pg_advisory_unlock({SchemaLockKey})", CancellationToken.None);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>The tables of the connection's schema (PostgreSQL compares quoted names exactly).</summary>
    private static async Task<IReadOnlySet<string>> ExistingTablesAsync(DbConnection connection, CancellationToken ct)
    {
        var existing = new HashSet<string>(StringComparer.Ordinal);
        await using var query = connection.CreateCommand();
        query.CommandText = "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()";
        await using var reader = await query.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            existing.Add(reader.GetString(0));
        }

        return existing;
    }

    /// <summary>Whether <paramref name="exception"/> is PostgreSQL refusing a duplicate key.</summary>
    public static bool IsUniqueViolation(Exception exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } || (exception.InnerException is { } inner && IsUniqueViolation(inner));

    private static async Task ExecuteAsync(DbConnection connection, string sql, CancellationToken ct, int? timeoutSeconds = null)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        if (timeoutSeconds is { } timeout)
        {
            command.CommandTimeout = timeout;
        }

        await command.ExecuteNonQueryAsync(ct);
    }
}
