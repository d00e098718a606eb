using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using VodSnapshot.Api.Persistence;
using VodSnapshot.Api.Persistence.Sqlite;
using VodSnapshot.Tests.TestSupport;

namespace VodSnapshot.Tests.Storage;

/// <summary>
/// A state folder kept from a version before migrations: baselined once, with the tables and columns added since (old rows
/// get the values they had), then at the current migration like a new one.
/// </summary>
public sealed class DatabaseUpgradeTests : IDisposable
{
    // Every column MissingColumns adds, as a database from before them all lacks it.
    private static readonly string[] AddedColumns =
    [
        "Videos.HasVideo", "Videos.CallbackUrl", "SnapshotJobs.LeaseOwner", "SnapshotJobs.LeaseExpiresAt", "CallbackDeliveries.LeaseOwner",
        "CallbackDeliveries.LeaseExpiresAt", "CallbackDeliveries.Reason", "SnapshotJobs.TraceParent", "CallbackDeliveries.TraceParent",
        "SnapshotJobs.Kind", "VideoEventDelivery.Reason", "UploadGrant.ObjectCrc64", "UploadGrant.ObjectMeta", "OssMultipartUpload.Meta",
        "SnapshotJobs.DecodedFrames", "SnapshotJobs.MinimumDecodedFrames",
    ];

    private readonly string _folder = Directory.CreateTempSubdirectory("vodsnapshot-upgrade-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact(Timeout = 60_000)]
    public async Task An_older_videos_table_gets_HasVideo_and_the_registration_callback_url()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = Open("vod.db");
        await EarlierSchema.MakeAsync(db, ct);
        // The table as earlier versions made it, with one playable and one unplayable video.
        await db.Database.ExecuteSqlRawAsync("""ALTER TABLE "Videos" DROP COLUMN "HasVideo" """, ct);
        await db.Database.ExecuteSqlRawAsync("""ALTER TABLE "Videos" DROP COLUMN "CallbackUrl" """, ct);
        await db.Database.ExecuteSqlRawAsync(
            """
            INSERT INTO "Videos" ("Id", "FileUrl", "SourcePath", "Title", "Status", "UserData", "DurationSeconds", "SizeBytes", "Width", "Height",
                "DisplayWidth", "DisplayHeight", "FrameRate", "IsConstantFrameRate", "StartTimeSeconds", "FormatName", "CreationTime", "ModificationTime")
            VALUES ('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'file:///a.mp4', '/a.mp4', 'a', 'Normal', '{{"MessageCallback":{{"CallbackURL":"http://127.0.0.1:9000/cb"}}}}',
                    2.5, 10, 160, 90, 160, 90, 25, 1, 0, 'mov', 0, 0),
                   ('bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', 'file:///b.mp4', '/b.mp4', 'b', 'UploadFail', 'not json', 0, 0, 0, 0, 0, 0, 0, 0, 0, NULL, 0, 0)
            """, ct);

        var baseline = await SqliteDatabase.MigrateAsync(db, ct);

        Assert.Equal(["Videos.HasVideo", "Videos.CallbackUrl"], baseline?.AddedColumns);
        var videos = await db.Videos.AsNoTracking().OrderBy(v => v.Id).ToListAsync(ct);
        Assert.Equal((true, "http://127.0.0.1:9000/cb"), (videos[0].Probe.HasVideo, videos[0].CallbackUrl));
        Assert.Equal((TimeSpan.FromSeconds(2.5), 160, 90, 25.0), (videos[0].Probe.Duration, videos[0].Probe.Width, videos[0].Probe.Height, videos[0].Probe.FrameRate));
        Assert.Equal((false, (string?)null), (videos[1].Probe.HasVideo, videos[1].CallbackUrl));
        await AssertCurrentAsync(db);
    }

    [Fact(Timeout = 60_000)]
    public async Task An_older_database_gets_the_callback_configuration_table_and_the_delivery_reason()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = Open("vod.db");
        await EarlierSchema.MakeAsync(db, ct);
        // As earlier versions left it: no configuration table, deliveries without a reason.
        await db.Database.ExecuteSqlRawAsync("""DROP TABLE "MessageCallbacks" """, ct);
        await db.Database.ExecuteSqlRawAsync("""ALTER TABLE "CallbackDeliveries" DROP COLUMN "Reason" """, ct);

        var baseline = await SqliteDatabase.MigrateAsync(db, ct);

        Assert.Equal(["MessageCallbacks"], baseline?.AddedTables);
        Assert.Equal(["CallbackDeliveries.Reason"], baseline?.AddedColumns);

        db.MessageCallbacks.Add(new MessageCallbackConfig { AppId = "app-1000000", CallbackType = "HTTP", CallbackUrl = "http://127.0.0.1:9/cb", EventTypeList = "ALL", Source = "SetMessageCallback" });
        await db.SaveChangesAsync(ct);
        Assert.Equal("ALL", (await db.MessageCallbacks.AsNoTracking().SingleAsync(ct)).EventTypeList);
        await AssertCurrentAsync(db);
    }

    [Fact(Timeout = 60_000)]
    public async Task An_older_jobs_table_gets_the_job_kind_and_its_jobs_are_SubmitSnapshotJob_jobs()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = Open("vod.db");
        await EarlierSchema.MakeAsync(db, ct);
        await db.Database.ExecuteSqlRawAsync("""ALTER TABLE "SnapshotJobs" DROP COLUMN "Kind" """, ct);
        await db.Database.ExecuteSqlRawAsync(
            """
            INSERT INTO "Videos" ("Id", "FileUrl", "SourcePath", "Title", "Status", "HasVideo", "DurationSeconds", "SizeBytes", "Width", "Height",
                "DisplayWidth", "DisplayHeight", "FrameRate", "IsConstantFrameRate", "StartTimeSeconds", "FormatName", "CreationTime", "ModificationTime")
            VALUES ('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'file:///a.mp4', '/a.mp4', 'a', 'Normal', 1, 2.5, 10, 160, 90, 160, 90, 25, 1, 0, 'mov', 0, 0);
            INSERT INTO "SnapshotJobs" ("Id", "VideoId", "Status", "Spec", "PublicBaseUrl", "CreationTime", "Attempts")
            VALUES ('cccccccccccccccccccccccccccccccc', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'Succeeded', '{{}}', 'http://localhost', 0, 1);
            """, ct);

        Assert.Equal(["SnapshotJobs.Kind"], (await SqliteDatabase.MigrateAsync(db, ct))?.AddedColumns);

        Assert.Equal(SnapshotJobKind.Specified, (await db.SnapshotJobs.AsNoTracking().SingleAsync(ct)).Kind);
        await AssertCurrentAsync(db);
    }

    [Fact(Timeout = 60_000)]
    public async Task An_older_jobs_table_gets_the_decoded_frame_counts_unset()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = Open("vod.db");
        await EarlierSchema.MakeAsync(db, ct);
        await db.Database.ExecuteSqlRawAsync("""ALTER TABLE "SnapshotJobs" DROP COLUMN "DecodedFrames" """, ct);
        await db.Database.ExecuteSqlRawAsync("""ALTER TABLE "SnapshotJobs" DROP COLUMN "MinimumDecodedFrames" """, ct);
        // An old job row without its video: the foreign key is not what is tested here.
        await db.Database.OpenConnectionAsync(ct);
        await db.Database.ExecuteSqlRawAsync("PRAGMA foreign_keys = OFF", ct);
        await db.Database.ExecuteSqlRawAsync(
            """INSERT INTO "SnapshotJobs" ("Id", "VideoId", "Kind", "Status", "Spec", "PublicBaseUrl", "CreationTime", "Attempts") VALUES ('j1', 'v1', 'Specified', 'Succeeded', '{{}}', 'http://127.0.0.1/', '2026-01-01 00:00:00+00:00', 1)""", ct);

        Assert.Equal(["SnapshotJobs.DecodedFrames", "SnapshotJobs.MinimumDecodedFrames"], (await SqliteDatabase.MigrateAsync(db, ct))?.AddedColumns);

        var job = await db.SnapshotJobs.AsNoTracking().SingleAsync(ct);
        Assert.Equal(((long?)null, (long?)null), (job.DecodedFrames, job.MinimumDecodedFrames));
        await AssertCurrentAsync(db);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_database_from_before_every_added_table_and_column_gets_the_schema_of_a_new_one()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = Open("vod.db");
        await EarlierSchema.MakeAsync(db, ct);
        await db.Database.ExecuteSqlRawAsync("""DROP TABLE "MessageCallbacks" """, ct);
        foreach (var column in AddedColumns)
        {
            var (table, name) = (column.Split('.')[0], column.Split('.')[1]);
#pragma warning disable EF1003 // Names from the list above.
            await db.Database.ExecuteSqlRawAsync("ALTER TABLE \"" + table + "\" DROP COLUMN \"" + name + "\"", ct);
#pragma warning restore EF1003
        }

        var baseline = await SqliteDatabase.MigrateAsync(db, ct);
        await using var created = Open("new.db");
        Assert.Null(await SqliteDatabase.MigrateAsync(created, ct));

        Assert.NotNull(baseline);
        Assert.Equal(db.Database.GetMigrations().First(), baseline.MigrationId);
        Assert.Equal(["MessageCallbacks"], baseline.AddedTables);
        Assert.Equal(AddedColumns.Order(StringComparer.Ordinal), baseline.AddedColumns.Order(StringComparer.Ordinal));
        Assert.Equal(await EarlierSchema.ShapeAsync(created, ct), await EarlierSchema.ShapeAsync(db, ct));
        await AssertCurrentAsync(db);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_migration_lock_left_by_a_process_killed_while_migrating_does_not_hold_up_the_next_start()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = Open("vod.db");
        await SqliteDatabase.MigrateAsync(db, ct);
        // The row EF Core's SQLite migration lock is; a process killed holding it never deletes it.
        await db.Database.ExecuteSqlRawAsync("""CREATE TABLE IF NOT EXISTS "__EFMigrationsLock" ("Id" INTEGER NOT NULL PRIMARY KEY, "Timestamp" TEXT NOT NULL)""", ct);
        await db.Database.ExecuteSqlRawAsync("""INSERT INTO "__EFMigrationsLock" VALUES (1, '2026-01-01 00:00:00+00:00')""", ct);

        Assert.Null(await SqliteDatabase.MigrateAsync(db, ct));

        Assert.Equal(0, await db.Database.SqlQueryRaw<int>("""SELECT count(*) AS "Value" FROM "__EFMigrationsLock" """).SingleAsync(ct));
    }

    private SqliteVodDbContext Open(string file) =>
        new(new DbContextOptionsBuilder<SqliteVodDbContext>().UseSqlite($"Data Source={Path.Combine(_folder, file)}").Options);

    /// <summary>At the last migration; the next start has nothing to baseline or apply.</summary>
    private static async Task AssertCurrentAsync(VodDbContext db)
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync(ct));
        Assert.Null(await SqliteDatabase.MigrateAsync(db, ct));
    }
}
