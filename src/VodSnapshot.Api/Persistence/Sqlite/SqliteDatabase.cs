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
    // EF Core's SQLite migration lock table (SqliteHistoryRepository.DefaultLockTableName, an internal name).
    private const string MigrationLockTable = "__EFMigrationsLock";

    /// <summary>
    /// The context on the SQLite file <c>vod.db</c> in the state folder. Each connection has its own cache: with WAL,
    /// readers then never wait for a writer (a shared cache serialised them on its table locks, and every conflict cost a
    /// 150 ms retry sleep in Microsoft.Data.Sqlite), and writers wait for each other in SQLite's busy handler.
    /// Contexts are pooled: a request takes a ready one instead of building its options and services again, which was a
    /// tenth of a submit's CPU.
    /// </summary>
    public static WebApplicationBuilder AddSqliteDatabase(this WebApplicationBuilder builder)
    {
        builder.Services.AddDbContextPool<VodDbContext, SqliteVodDbContext>((sp, options) =>
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
    /// Takes the state folder's lock (a second process on the same folder stops here), then brings the database to the
    /// current schema (<see cref="MigrateAsync"/>), before the first request.
    /// </summary>
    public static async Task<Baseline?> InitializeAsync(VodDbContext db, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(services);
        var folderLock = services.GetRequiredService<StateFolderLock>();
        folderLock.Acquire();
        // Released as soon as the service has stopped, so a restart in the same process finds the folder free.
        services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopped.Register(folderLock.Dispose);
        return await MigrateAsync(db, CancellationToken.None);
    }

    /// <summary>
    /// Baselines a database file of a version before migrations, applies the migrations it lacks, and turns on write-ahead
    /// logging. The caller holds the state folder's lock: no other process is on this file.
    /// </summary>
    public static async Task<Baseline?> MigrateAsync(VodDbContext db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        // EF Core's migration lock on SQLite is a row that a process killed while migrating leaves behind, and the next
        // migration would wait for it forever. This process holds the folder, so such a row is nobody's.
        if ((await ExistingTablesAsync(db, ct)).Contains(MigrationLockTable))
        {
            await db.Database.ExecuteSqlRawAsync("DELETE FROM \"" + MigrationLockTable + "\"", ct);
        }

        var baseline = await SchemaBaseline.ApplyAsync(db, c => ExistingTablesAsync(db, c), c => UpgradeEarlierVersionAsync(db, c), ct);
        await db.Database.MigrateAsync(ct);
        // WAL lets the API read while jobs write, and survives a crash without a torn database.
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        return baseline;
    }

    /// <summary>The tables of the database file, by <c>sqlite_master</c> (SQLite compares names without case).</summary>
    private static async Task<IReadOnlySet<string>> ExistingTablesAsync(VodDbContext db, CancellationToken ct) =>
        (await db.Database.SqlQueryRaw<string>("SELECT name AS Value FROM sqlite_master WHERE type = 'table'").ToListAsync(ct))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>What a database of an earlier version lacks beside its tables: the columns added since, and the ReferenceId index.</summary>
    private static async Task<IReadOnlyList<string>> UpgradeEarlierVersionAsync(VodDbContext db, CancellationToken ct)
    {
        var added = await db.CreateMissingColumnsAsync(ct);
        await CreateReferenceIdIndexAsync(db, ct);
        return added;
    }

    /// <summary>
    /// The unique ReferenceId index for a database of an earlier version. One that already holds two jobs of one
    /// ReferenceId (a race of two requests then) keeps them and goes without the index; submits answer the first.
    /// </summary>
    private static async Task CreateReferenceIdIndexAsync(VodDbContext db, CancellationToken ct)
    {
        try
        {
            await db.Database.ExecuteSqlRawAsync("""CREATE UNIQUE INDEX IF NOT EXISTS "IX_SnapshotJobs_ReferenceId" ON "SnapshotJobs" ("ReferenceId")""", ct);
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
