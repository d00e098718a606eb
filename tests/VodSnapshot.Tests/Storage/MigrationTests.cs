using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using VodSnapshot.Api.Persistence;
using VodSnapshot.Api.Persistence.PostgreSql;
using VodSnapshot.Api.Persistence.Sqlite;
using VodSnapshot.Tests.TestSupport;

namespace VodSnapshot.Tests.Storage;

/// <summary>
/// Each provider's migrations: they hold the whole model, a new database gets it from them, a database of a version
/// before migrations is baselined once through the service's own start and keeps every row, and PostgreSQL nodes
/// starting together migrate or baseline a database once.
/// </summary>
public sealed class MigrationTests : IDisposable
{
    private static readonly DateTimeOffset Then = new(2026, 5, 1, 9, 0, 0, TimeSpan.Zero);

    private readonly string _folder = Directory.CreateTempSubdirectory("vodsnapshot-migrations-").FullName;
    private readonly List<TestDatabase> _databases = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var database in _databases)
        {
            database.Dispose();
        }

        Directory.Delete(_folder, recursive: true);
    }

    [Theory(Timeout = 60_000)]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.PostgreSql)]
    public async Task The_migrations_hold_the_whole_model_and_make_a_new_database_of_it(DatabaseKind kind)
    {
        await using var migrated = Open(kind, "migrated.db");
        await using var created = Open(kind, "created.db");

        Assert.False(migrated.Database.HasPendingModelChanges(), "The model has changes no migration holds: add one (README, Database and upgrades).");
        Assert.Null(await MigrateAsync(kind, migrated));
        await created.Database.EnsureCreatedAsync(Ct);

        Assert.Equal(migrated.Database.GetMigrations(), await migrated.Database.GetAppliedMigrationsAsync(Ct));
        Assert.Equal(await EarlierSchema.ShapeAsync(created, Ct), await EarlierSchema.ShapeAsync(migrated, Ct));
    }

    [Theory(Timeout = 120_000)]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.PostgreSql)]
    public async Task A_database_of_a_version_before_migrations_is_baselined_at_start_and_keeps_every_row(DatabaseKind kind)
    {
        var database = kind == DatabaseKind.PostgreSql ? NewDatabase() : null;
        string videoId;
        List<string> before;
        using (var earlier = Service(database))
        {
            videoId = await earlier.AddVideoAsync();
            _ = await earlier.AddTemplateAsync("""{"SnapshotType":"NormalSnapshot","SnapshotConfig":{}}""");
            await earlier.WithDbAsync(db => AddFinishedJobAsync(db, videoId));
        }

        SqliteConnection.ClearAllPools();
        await using (var db = database is null ? Open(kind, Path.Combine("state", "vod.db")) : Open(database))
        {
            // As the last version before migrations left it: no history; on SQLite also without the columns and the
            // table added in its last releases (PostgreSQL versions had every table from the first, bar one here).
            await db.Database.ExecuteSqlRawAsync(EarlierSchema.ForgetMigrations, Ct);
            await db.Database.ExecuteSqlRawAsync("""DROP TABLE "MessageCallbacks" """, Ct);
            if (kind == DatabaseKind.Sqlite)
            {
                await db.Database.ExecuteSqlRawAsync(
                    """ALTER TABLE "SnapshotJobs" DROP COLUMN "Kind"; ALTER TABLE "SnapshotJobs" DROP COLUMN "DecodedFrames"; ALTER TABLE "CallbackDeliveries" DROP COLUMN "Reason";""",
                    Ct);
            }

            before = await EarlierSchema.RowsAsync(db, Ct);
        }

        SqliteConnection.ClearAllPools();
        using var upgraded = Service(database);
        var info = await upgraded.JsonAsync("GetVideoInfo", ("VideoId", videoId));

        Assert.Equal(200, info.Status);
        var after = await upgraded.WithDbAsync(db => EarlierSchema.RowsAsync(db, Ct));
        Assert.Empty(EarlierSchema.Lost(before, after));
        Assert.Contains(before, row => row.StartsWith("SnapshotImages: ", StringComparison.Ordinal));
        await using var created = Open(kind, "created.db");
        Assert.Null(await MigrateAsync(kind, created));
        Assert.Equal(await EarlierSchema.ShapeAsync(created, Ct), await upgraded.WithDbAsync(db => EarlierSchema.ShapeAsync(db, Ct)));
        Assert.Equal(created.Database.GetMigrations(), await upgraded.WithDbAsync(db => db.Database.GetAppliedMigrationsAsync(Ct)));
        Assert.Equal(SnapshotJobKind.Specified, await upgraded.WithDbAsync(db => db.SnapshotJobs.Where(j => j.VideoId == videoId).Select(j => j.Kind).SingleAsync(Ct)));
    }

    [Fact(Timeout = 120_000)]
    public async Task PostgreSql_nodes_starting_together_on_a_new_database_migrate_it_once()
    {
        TestDatabase.SkipIfUnavailable();
        var database = NewDatabase();

        var baselines = await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            await using var db = Open(database);
            return await PostgreSqlDatabase.MigrateAsync(db, Ct);
        }));

        Assert.All(baselines, b => Assert.Null(b));
        await using var check = Open(database);
        Assert.Equal(check.Database.GetMigrations(), await check.Database.GetAppliedMigrationsAsync(Ct));
    }

    [Fact(Timeout = 120_000)]
    public async Task PostgreSql_nodes_starting_together_on_a_database_of_an_earlier_version_baseline_it_once()
    {
        TestDatabase.SkipIfUnavailable();
        var database = NewDatabase();
        List<string> before;
        await using (var earlier = Open(database))
        {
            await EarlierSchema.MakeAsync(earlier, Ct);
            await AddFinishedJobAsync(earlier, null);
            await earlier.Database.ExecuteSqlRawAsync("""DROP TABLE "SignatureNonces" """, Ct);
            before = await EarlierSchema.RowsAsync(earlier, Ct);
        }

        var baselines = await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            await using var db = Open(database);
            return await PostgreSqlDatabase.MigrateAsync(db, Ct);
        }));

        Assert.Equal(["SignatureNonces"], Assert.Single(baselines.OfType<Baseline>()).AddedTables);
        await using var check = Open(database);
        Assert.Equal(check.Database.GetMigrations(), await check.Database.GetAppliedMigrationsAsync(Ct));
        Assert.Empty(EarlierSchema.Lost(before, await EarlierSchema.RowsAsync(check, Ct)));
        Assert.NotEmpty(before);
    }

    /// <summary>The service on this test's state folder, on SQLite or on <paramref name="database"/>; without signatures or covers.</summary>
    private TestHost Service(TestDatabase? database) =>
        TestHost.Create(b =>
        {
            b.Set("Storage:Root", Path.Combine(_folder, "state")).Set("Covers:Enabled", "false");
            if (database is not null)
            {
                b.Set(database.Settings());
            }
        });

    private TestDatabase NewDatabase()
    {
        TestDatabase.SkipIfUnavailable();
        var database = TestDatabase.Create();
        _databases.Add(database);
        return database;
    }

    private VodDbContext Open(DatabaseKind kind, string file) =>
        kind == DatabaseKind.PostgreSql
            ? Open(NewDatabase())
            : new SqliteVodDbContext(new DbContextOptionsBuilder<SqliteVodDbContext>().UseSqlite($"Data Source={Path.Combine(_folder, file)}").Options);

    private static PostgreSqlVodDbContext Open(TestDatabase database) =>
        new(new DbContextOptionsBuilder<PostgreSqlVodDbContext>().UseNpgsql(database.ConnectionString).Options);

    private static Task<Baseline?> MigrateAsync(DatabaseKind kind, VodDbContext db) =>
        kind == DatabaseKind.PostgreSql ? PostgreSqlDatabase.MigrateAsync(db, Ct) : SqliteDatabase.MigrateAsync(db, Ct);

    /// <summary>A finished job with one image and one delivered callback, on <paramref name="videoId"/> or a video of its own.</summary>
    private static async Task<int> AddFinishedJobAsync(VodDbContext db, string? videoId)
    {
        if (videoId is null)
        {
            videoId = Ids.New();
            db.Videos.Add(new Video { Id = videoId, FileUrl = "file:///earlier/" + videoId, SourcePath = "/earlier/" + videoId, Title = "earlier", Status = "Normal", CreationTime = Then, ModificationTime = Then });
        }

        var jobId = Ids.New();
        db.SnapshotJobs.Add(new SnapshotJob
        {
            Id = jobId, VideoId = videoId, Spec = "{}", PublicBaseUrl = "http://127.0.0.1", Status = SnapshotJobStatus.Succeeded,
            CreationTime = Then, CompleteTime = Then.AddSeconds(2), Attempts = 1, DecodedFrames = 12, MinimumDecodedFrames = 10,
        });
        db.SnapshotImages.Add(new SnapshotImage { JobId = jobId, VideoId = videoId, Type = "Normal", Index = 0, RelativePath = videoId + "/snapshots/normal/00000.jpg", PresentationTimeMs = 40 });
        db.CallbackDeliveries.Add(new CallbackDelivery
        {
            Id = Ids.New(), JobId = jobId, EventId = Ids.New(), Url = "http://127.0.0.1:9/cb", Body = "{}", Status = CallbackDeliveryStatus.Delivered,
            AttemptCount = 1, RoundAttempts = 1, CreationTime = Then, CompleteTime = Then.AddSeconds(3),
        });
        return await db.SaveChangesAsync(Ct);
    }
}
