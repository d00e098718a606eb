using Microsoft.Extensions.Options;
using VodSnapshot.Api.Hosting;
using VodSnapshot.Api.Persistence.PostgreSql;
using VodSnapshot.Api.Persistence.Sqlite;
using VodSnapshot.Api.Storage;

namespace VodSnapshot.Api.Persistence;

/// <summary>The database named by <c>Storage:Provider</c>: SQLite in the state folder (default) or PostgreSQL.</summary>
public static class DatabaseSetup
{
    public static WebApplicationBuilder AddDatabase(this WebApplicationBuilder builder) =>
        builder.Configuration.GetSection(StorageOptions.SectionName).GetValue(nameof(StorageOptions.Provider), DatabaseProvider.Sqlite) switch
        {
            DatabaseProvider.PostgreSql => builder.AddPostgreSqlDatabase(),
            _ => builder.AddSqliteDatabase(),
        };

    /// <summary>Makes the database ready before the first request: its tables, and what the provider needs.</summary>
    public static async Task InitializeDatabaseAsync(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // Unsafe combinations of database, queues and nodes stop here, before anything touches a database.
        _ = app.Services.GetRequiredService<IOptions<ClusterOptions>>().Value;
        var provider = app.Services.GetRequiredService<IOptions<StorageOptions>>().Value.Provider;
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VodDbContext>();
        if (provider == DatabaseProvider.PostgreSql)
        {
            await PostgreSqlDatabase.CreateMissingTablesAsync(db, app.Lifetime.ApplicationStopping);
        }
        else
        {
            await SqliteDatabase.InitializeAsync(db, app.Services);
        }
    }
}
