using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using VodSnapshot.Api.Persistence;
using VodSnapshot.Api.Persistence.Sqlite;

namespace VodSnapshot.Tests.Storage;

/// <summary>A state folder kept from an earlier version: the columns added since are added, with the values old rows had.</summary>
public sealed class DatabaseUpgradeTests : IDisposable
{
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
        await using var db = new VodDbContext(new DbContextOptionsBuilder<VodDbContext>().UseSqlite($"Data Source={Path.Combine(_folder, "vod.db")}").Options);
        await db.Database.EnsureCreatedAsync(ct);
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

        var added = await db.CreateMissingColumnsAsync(ct);

        Assert.Equal(["Videos.HasVideo", "Videos.CallbackUrl"], added);
        var videos = await db.Videos.AsNoTracking().OrderBy(v => v.Id).ToListAsync(ct);
        Assert.Equal((true, "http://127.0.0.1:9000/cb"), (videos[0].Probe.HasVideo, videos[0].CallbackUrl));
        Assert.Equal((TimeSpan.FromSeconds(2.5), 160, 90, 25.0), (videos[0].Probe.Duration, videos[0].Probe.Width, videos[0].Probe.Height, videos[0].Probe.FrameRate));
        Assert.Equal((false, (string?)null), (videos[1].Probe.HasVideo, videos[1].CallbackUrl));
        Assert.Empty(await db.CreateMissingColumnsAsync(ct));
    }

    [Fact(Timeout = 60_000)]
    public async Task An_older_database_gets_the_callback_configuration_table_and_the_delivery_reason()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = new VodDbContext(new DbContextOptionsBuilder<VodDbContext>().UseSqlite($"Data Source={Path.Combine(_folder, "vod.db")}").Options);
        await db.Database.EnsureCreatedAsync(ct);
        // As earlier versions left it: no configuration table, deliveries without a reason.
        await db.Database.ExecuteSqlRawAsync("""DROP TABLE "MessageCallbacks" """, ct);
        await db.Database.ExecuteSqlRawAsync("""ALTER TABLE "CallbackDeliveries" DROP COLUMN "Reason" """, ct);

        Assert.Equal(["MessageCallbacks"], await db.CreateMissingTablesAsync(ct));
        Assert.Equal(["CallbackDeliveries.Reason"], await db.CreateMissingColumnsAsync(ct));

        db.MessageCallbacks.Add(new MessageCallbackConfig { AppId = "app-1000000", CallbackType = "HTTP", CallbackUrl = "http://127.0.0.1:9/cb", EventTypeList = "ALL", Source = "SetMessageCallback" });
        await db.SaveChangesAsync(ct);
        Assert.Equal("ALL", (await db.MessageCallbacks.AsNoTracking().SingleAsync(ct)).EventTypeList);
        Assert.Empty(await db.CreateMissingTablesAsync(ct));
        Assert.Empty(await db.CreateMissingColumnsAsync(ct));
    }

    [Fact(Timeout = 60_000)]
    public async Task An_older_jobs_table_gets_the_job_kind_and_its_jobs_are_SubmitSnapshotJob_jobs()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = new VodDbContext(new DbContextOptionsBuilder<VodDbContext>().UseSqlite($"Data Source={Path.Combine(_folder, "vod.db")}").Options);
        await db.Database.EnsureCreatedAsync(ct);
        await db.Database.ExecuteSqlRawAsync("""ALTER TABLE "SnapshotJobs" DROP COLUMN "Kind" """, ct);
        await db.Database.ExecuteSqlRawAsync(
            """
            INSERT INTO "Videos" ("Id", "FileUrl", "SourcePath", "Title", "Status", "HasVideo", "DurationSeconds", "SizeBytes", "Width", "Height",
                "DisplayWidth", "DisplayHeight", "FrameRate", "IsConstantFrameRate", "StartTimeSeconds", "FormatName", "CreationTime", "ModificationTime")
            VALUES ('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'file:///a.mp4', '/a.mp4', 'a', 'Normal', 1, 2.5, 10, 160, 90, 160, 90, 25, 1, 0, 'mov', 0, 0);
            INSERT INTO "SnapshotJobs" ("Id", "VideoId", "Status", "Spec", "PublicBaseUrl", "CreationTime", "Attempts")
            VALUES ('cccccccccccccccccccccccccccccccc', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'Succeeded', '{{}}', 'http://localhost', 0, 1);
            """, ct);

        Assert.Equal(["SnapshotJobs.Kind"], await db.CreateMissingColumnsAsync(ct));

        Assert.Equal(SnapshotJobKind.Specified, (await db.SnapshotJobs.AsNoTracking().SingleAsync(ct)).Kind);
        Assert.Empty(await db.CreateMissingColumnsAsync(ct));
    }

    [Fact(Timeout = 60_000)]
    public async Task An_older_jobs_table_gets_the_decoded_frame_counts_unset()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = new VodDbContext(new DbContextOptionsBuilder<VodDbContext>().UseSqlite($"Data Source={Path.Combine(_folder, "vod.db")}").Options);
        await db.Database.EnsureCreatedAsync(ct);
        await db.Database.ExecuteSqlRawAsync("""ALTER TABLE "SnapshotJobs" DROP COLUMN "DecodedFrames" """, ct);
        await db.Database.ExecuteSqlRawAsync("""ALTER TABLE "SnapshotJobs" DROP COLUMN "MinimumDecodedFrames" """, ct);
        // An old job row without its video: the foreign key is not what is tested here.
        await db.Database.OpenConnectionAsync(ct);
        await db.Database.ExecuteSqlRawAsync("PRAGMA foreign_keys = OFF", ct);
        await db.Database.ExecuteSqlRawAsync(
            """INSERT INTO "SnapshotJobs" ("Id", "VideoId", "Kind", "Status", "Spec", "PublicBaseUrl", "CreationTime", "Attempts") VALUES ('j1', 'v1', 'Specified', 'Succeeded', '{{}}', 'http://127.0.0.1/', '2026-01-01 00:00:00+00:00', 1)""", ct);

        Assert.Equal(["SnapshotJobs.DecodedFrames", "SnapshotJobs.MinimumDecodedFrames"], await db.CreateMissingColumnsAsync(ct));

        var job = await db.SnapshotJobs.AsNoTracking().SingleAsync(ct);
        Assert.Equal(((long?)null, (long?)null), (job.DecodedFrames, job.MinimumDecodedFrames));
        Assert.Empty(await db.CreateMissingColumnsAsync(ct));
    }
}
