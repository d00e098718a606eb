using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VodSnapshot.Api.Persistence;
using VodSnapshot.Tests.TestSupport;

namespace VodSnapshot.Tests.Uploads;

/// <summary>A state folder from a version before uploads gets the upload tables at start, and CreateUploadVideo works on it.</summary>
public class UploadTablesTests
{
    private static readonly string[] UploadTables =
        ["UploadGrant", "UploadCredential", "OssMultipartUpload", "OssMultipartPart", "VideoEventDelivery", "UrlUploadJob"];

    [Fact(Timeout = 60_000)]
    public async Task An_existing_database_without_the_upload_tables_gets_them_at_start()
    {
        using var first = new TestHost();
        var (status, _) = await first.CallAsync("GetVideoList", null, TestContext.Current.CancellationToken);
        Assert.Equal(200, status);
        using (var scope = first.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<VodDbContext>();
            // Children first, as an older database simply never had them (nor a migrations history).
            await db.Database.ExecuteSqlRawAsync(
                "DROP TABLE OssMultipartPart; DROP TABLE OssMultipartUpload; DROP TABLE UploadCredential; DROP TABLE UploadGrant; DROP TABLE VideoEventDelivery; DROP TABLE UrlUploadJob;" +
                EarlierSchema.ForgetMigrations,
                TestContext.Current.CancellationToken);
            await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);", TestContext.Current.CancellationToken);
        }

        // The older state folder, as it would be kept between versions (the first app's folder goes with it).
        var kept = Directory.CreateTempSubdirectory("vodsnapshot-kept-state-").FullName;
        File.Copy(Path.Combine(first.StateRoot, "vod.db"), Path.Combine(kept, "vod.db"));
        first.Dispose();
        using var second = TestHost.Create(b => b.Set("Storage:Root", kept));
        var (created, body) = await second.CallAsync("CreateUploadVideo", new Dictionary<string, string> { ["Title"] = "t", ["FileName"] = "a.mp4" }, TestContext.Current.CancellationToken);

        Assert.True(created == 200, body.ToString());
        using var check = second.Services.CreateScope();
        var tables = await check.ServiceProvider.GetRequiredService<VodDbContext>().Database
            .SqlQueryRaw<string>("SELECT name AS Value FROM sqlite_master WHERE type = 'table'").ToListAsync(TestContext.Current.CancellationToken);
        Assert.All(UploadTables, t => Assert.Contains(t, tables));
        Directory.Delete(kept, recursive: true);
    }
}
