using Microsoft.Extensions.Options;
using VodSnapshot.Api.Hosting;
using VodSnapshot.Api.Persistence.PostgreSql;
using VodSnapshot.Api.Persistence.Sqlite;
using VodSnapshot.Api.Storage;

namespace VodSnapshot.Api.Persistence;

/// <summary>The database named by <c>Storage:Provider</c>: SQLite in the state folder (default) or PostgreSQL.</summary>
public static partial class DatabaseSetup
{
    public static WebApplicationBuilder AddDatabase(this WebApplicationBuilder builder) =>
        builder.Configuration.GetSection(StorageOptions.SectionName).GetValue(nameof(StorageOptions.Provider), DatabaseProvider.Sqlite) switch
        {
            DatabaseProvider.PostgreSql => builder.AddPostgreSqlDatabase(),
            _ => builder.AddSqliteDatabase(),
        };

    /// <summary>
    /// Makes the database ready before the first request: a database of a version before migrations baselined, then the
    /// migrations it lacks applied; and what the provider needs.
    /// </summary>
    public static async Task InitializeDatabaseAsync(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // Unsafe combinations of database, queues and nodes stop here, before anything touches a database.
        _ = app.Services.GetRequiredService<IOptions<ClusterOptions>>().Value;
        var provider = app.Services.GetRequiredService<IOptions<StorageOptions>>().Value.Provider;
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VodDbContext>();
        var baseline = provider == DatabaseProvider.PostgreSql
            ? await PostgreSqlDatabase.MigrateAsync(db, app.Lifetime.ApplicationStopping)
            : await SqliteDatabase.InitializeAsync(db, app.Services);
        if (baseline is not null)
        {
            LogBaselined(app.Logger, baseline.MigrationId, baseline.AddedTables, baseline.AddedColumns);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Database of an earlier version baselined at migration {MigrationId}; tables added: [{Tables}]; columns added: [{Columns}]")]
    private static partial void LogBaselined(ILogger logger, string migrationId, IReadOnlyList<string> tables, IReadOnlyList<string> columns);
}
