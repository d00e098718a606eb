using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Microsoft.Extensions.Options;
using VodSnapshot.Api.Storage;

namespace VodSnapshot.Api.Persistence.Sqlite;

/// <summary>
/// Everything that is SQLite about the database, in one place: the provider and its connection, the conventions SQLite
/// needs, and what start-up does to a database file. PostgreSQL is its sibling folder; DatabaseSetup picks one.
/// </summary>
public static class SqliteDatabase
{
    /// <summary>
    /// The context on the SQLite file <c>vod.db</c> in the state folder. Each connection has its own cache: with WAL,
    /// readers then never wait for a writer (a shared cache serialised them on its table locks, and every conflict cost a
    /// 150 ms retry sleep in Microsoft.Data.Sqlite), and writers wait for each other in SQLite's busy handler.
    /// </summary>
    public static WebApplicationBuilder AddSqliteDatabase(this WebApplicationBuilder builder)
    {
        builder.Services.AddDbContext<VodDbContext>((sp, options) =>
        {
            var storage = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            options.UseSqlite(new SqliteConnectionStringBuilder
            {
                DataSource = storage.DatabasePath,
                Cache = SqliteCacheMode.Private,
                DefaultTimeout = 30,
            }.ToString()).AddInterceptors(BusyTimeout.Instance);
        });
        builder.Services.AddSingleton<StateFolderLock>();
        return builder;
    }

    /// <summary>SQLite cannot order or compare DateTimeOffset natively; UTC ticks keep ordering exact.</summary>
    public static void ApplyConventions(ModelConfigurationBuilder conventions)
    {
        ArgumentNullException.ThrowIfNull(conventions);
        conventions.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
    }

    /// <summary>
    /// Takes the state folder's lock (a second process on the same folder stops here), then creates the database or the
    /// tables it lacks, and turns on write-ahead logging, before the first request.
    /// </summary>
    public static async Task InitializeAsync(VodDbContext db, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(services);
        var folderLock = services.GetRequiredService<StateFolderLock>();
        folderLock.Acquire();
        // Released as soon as the service has stopped, so a restart in the same process finds the folder free.
        services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopped.Register(folderLock.Dispose);
        await db.Database.EnsureCreatedAsync();
        await db.CreateMissingTablesAsync(CancellationToken.None);
        await db.CreateMissingColumnsAsync(CancellationToken.None);
        await CreateReferenceIdIndexAsync(db);
        // WAL lets the API read while jobs write, and survives a crash without a torn database.
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
    }

    /// <summary>
    /// The unique ReferenceId index for a database of an earlier version. One that already holds two jobs of one
    /// ReferenceId (a race of two requests then) keeps them and goes without the index; submits answer the first.
    /// </summary>
    private static async Task CreateReferenceIdIndexAsync(VodDbContext db)
    {
        try
        {
            await db.Database.ExecuteSqlRawAsync("""CREATE UNIQUE INDEX IF NOT EXISTS "IX_SnapshotJobs_ReferenceId" ON "SnapshotJobs" ("ReferenceId")""");
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 19)
        {
            // SQLITE_CONSTRAINT: duplicates from before; left as they are.
        }
    }

    private sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
        t => t.UtcTicks,
        t => new DateTimeOffset(t, TimeSpan.Zero));
}
