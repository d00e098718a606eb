using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using VodSnapshot.Api.Features.Oss;
using VodSnapshot.Api.Features.Uploads;
using VodSnapshot.Tests.TestSupport;

namespace VodSnapshot.Tests.Uploads;

/// <summary>
/// Nothing of an upload stays once its video is deleted, even mid-way through a multipart upload; the CRC-64 OSS
/// answers (x-oss-hash-crc64ecma) comes back on each part and on the whole object.
/// </summary>
public class UploadCleanupTests(UploadService service, TestClips clips) : IClassFixture<UploadService>, IClassFixture<TestClips>
{
    [Fact(Timeout = 60_000)]
    public async Task DeleteVideo_during_a_multipart_upload_removes_its_parts_and_credentials_and_a_later_part_is_refused()
    {
        service.Sample.SkipUnlessInstalled();
        var file = await UploadFixtures.LargeClipAsync(service.Root);
        var bytes = await File.ReadAllBytesAsync(file, TestContext.Current.CancellationToken);
        var (videoId, address, auth) = await service.CreateUploadAsync();
        var begun = (await service.OssCallAsync("begin", file, address, auth)).GetProperty("result");
        var uploadId = begun.GetProperty("uploadId").GetString()!;
        Assert.Equal(OssCrc64.Compute(bytes.AsSpan(0, (bytes.Length + 1) / 2)).ToString(CultureInfo.InvariantCulture), begun.GetProperty("crc64").GetString());
        Assert.NotEmpty(service.StoredFiles(videoId));

        var (status, deleted) = await service.CallAsync("DeleteVideo", new() { ["VideoIds"] = videoId });

        Assert.True(status == 200, deleted.ToString());
        Assert.Empty(deleted.GetProperty("NonExistVideoIds").EnumerateArray());
        Assert.Empty(service.StoredFiles(videoId));
        Assert.Equal((0, 0, 0, 0), service.Query(db => (
            db.Set<UploadCredential>().Count(c => c.VideoId == videoId),
            db.Set<UploadGrant>().Count(g => g.VideoId == videoId),
            db.Set<OssMultipartUpload>().Count(u => u.UploadId == uploadId),
            db.Set<OssMultipartPart>().Count(p => p.UploadId == uploadId))));

        var later = await service.OssCallAsync("part", file, address, auth, new() { ["OSS_UPLOAD_ID"] = uploadId });
        Assert.Equal(("InvalidAccessKeyId", 403), (later.GetProperty("error").GetProperty("code").GetString(), later.GetProperty("error").GetProperty("status").GetInt32()));
        Assert.Empty(service.StoredFiles(videoId));
    }

    [Fact(Timeout = 60_000)]
    public async Task A_put_and_a_multipart_upload_answer_the_CRC64_of_the_object_and_HeadObject_repeats_it_with_the_user_metadata()
    {
        service.Sample.SkipUnlessInstalled();
        var large = await UploadFixtures.LargeClipAsync(service.Root);
        var (_, putAddress, putAuth) = await service.CreateUploadAsync();
        var (_, partsAddress, partsAuth) = await service.CreateUploadAsync();

        var put = (await service.OssCallAsync("put", clips.Ramp, putAddress, putAuth)).GetProperty("result");
        var multipart = (await service.OssCallAsync("multipart", large, partsAddress, partsAuth,
            new() { ["OSS_PART_SIZE"] = "102400", ["OSS_META"] = """{"origin":"camera-7","take":"3"}""" })).GetProperty("result");
        var head = (await service.OssCallAsync("head", large, partsAddress, partsAuth)).GetProperty("result");

        Assert.Equal(await CrcAsync(clips.Ramp), put.GetProperty("crc64").GetString());
        Assert.Equal(await CrcAsync(large), multipart.GetProperty("crc64").GetString());
        Assert.Equal((await CrcAsync(large), "Multipart"), (head.GetProperty("crc64").GetString(), head.GetProperty("objectType").GetString()));
        // ali-oss's head() answers the user metadata given when the upload began.
        Assert.Equal("""{"origin":"camera-7","take":"3"}""", head.GetProperty("meta").GetRawText());
        Assert.Equal(new FileInfo(large).Length.ToString(CultureInfo.InvariantCulture), head.GetProperty("size").GetString());
    }

    private static async Task<string> CrcAsync(string file) =>
        OssCrc64.Compute(await File.ReadAllBytesAsync(file, TestContext.Current.CancellationToken)).ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// The sweep of abandoned uploads: once none of a video's credentials is valid, its open multipart uploads and their
/// parts go; an upload whose credentials were refreshed stays; part folders of no upload and old bodies go too.
/// </summary>
public class UploadSweepTests(UploadSweepTests.Service service) : IClassFixture<UploadSweepTests.Service>
{
    [Fact(Timeout = 60_000)]
    public async Task Expired_multipart_uploads_are_swept_with_their_parts_and_a_refreshed_one_stays()
    {
        service.Sample.SkipUnlessInstalled();
        var file = await UploadFixtures.LargeClipAsync(service.Root);
        var (expiredVideo, expiredAddress, expiredAuth) = await service.CreateUploadAsync();
        var (keptVideo, keptAddress, keptAuth) = await service.CreateUploadAsync();
        var expiredUpload = (await service.OssCallAsync("begin", file, expiredAddress, expiredAuth)).GetProperty("result").GetProperty("uploadId").GetString()!;
        var keptUpload = (await service.OssCallAsync("begin", file, keptAddress, keptAuth)).GetProperty("result").GetProperty("uploadId").GetString()!;
        var orphan = Directory.CreateDirectory(Path.Combine(service.UploadsFolder, "multipart", "0123456789ABCDEF0123456789ABCDEF")).FullName;
        await File.WriteAllTextAsync(Path.Combine(orphan, "1"), "left by a crash", TestContext.Current.CancellationToken);
        var abandoned = Path.Combine(service.UploadsFolder, "incoming", "abandoned.part");
        await File.WriteAllTextAsync(abandoned, "a body whose request died", TestContext.Current.CancellationToken);
        File.SetLastWriteTimeUtc(abandoned, DateTime.UtcNow - TimeSpan.FromHours(2));
        var sweep = service.Factory.Services.GetRequiredService<StaleUploadSweep>();

        // Before expiry nothing open is touched.
        await sweep.SweepAsync(TestContext.Current.CancellationToken);
        Assert.Equal(2, service.Query(db => db.Set<OssMultipartUpload>().Count(u => u.UploadId == expiredUpload || u.UploadId == keptUpload)));

        service.Clock.Advance(TimeSpan.FromSeconds(2000));
        var (status, refreshed) = await service.CallAsync("RefreshUploadVideo", new() { ["VideoId"] = keptVideo });
        Assert.True(status == 200, refreshed.ToString());
        service.Clock.Advance(TimeSpan.FromSeconds(1001));
        await sweep.SweepAsync(TestContext.Current.CancellationToken);

        Assert.DoesNotContain(service.StoredFiles(expiredVideo), f => f.Contains(expiredUpload, StringComparison.Ordinal));
        Assert.False(Directory.Exists(Path.Combine(service.UploadsFolder, "multipart", expiredUpload)));
        Assert.Equal((0, 0), service.Query(db => (db.Set<OssMultipartUpload>().Count(u => u.UploadId == expiredUpload), db.Set<OssMultipartPart>().Count(p => p.UploadId == expiredUpload))));
        Assert.True(File.Exists(Path.Combine(service.UploadsFolder, "multipart", keptUpload, "1")));
        Assert.Equal(1, service.Query(db => db.Set<OssMultipartPart>().Count(p => p.UploadId == keptUpload)));
        Assert.False(Directory.Exists(orphan));
        Assert.False(File.Exists(abandoned));
    }

    /// <summary>The upload service with a clock the test moves (it starts at the real time, as the client's requests are dated).</summary>
    public sealed class Service : UploadService
    {
        public Service()
            : this(new FakeTimeProvider(DateTimeOffset.UtcNow))
        {
        }

        private Service(FakeTimeProvider clock)
            : base(clock) => Clock = clock;

        public FakeTimeProvider Clock { get; }
    }
}

/// <summary>Clips the upload tests share.</summary>
internal static class UploadFixtures
{
    /// <summary>A clip of about 600 KB in <paramref name="folder"/>: several 100 KB parts.</summary>
    public static async Task<string> LargeClipAsync(string folder)
    {
        var path = Path.Combine(folder, "large.mp4");
        if (!File.Exists(path))
        {
            await FfmpegCli.RunAsync("ffmpeg", ["-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25", "-t", "3",
                "-c:v", "libx264", "-preset", "ultrafast", "-b:v", "1600k", "-g", "25", "-pix_fmt", "yuv420p", path], TestContext.Current.CancellationToken);
        }

        return path;
    }
}
