using System.Text.Json;
using VodSnapshot.Api.Persistence;
using VodSnapshot.Tests.TestSupport;

namespace VodSnapshot.Tests.Uploads;

/// <summary>
/// The vendor's flow with its own clients, unchanged: CreateUploadVideo (pop-core), the upload with ali-oss to the
/// decoded UploadAddress / UploadAuth (simple and multipart), the upload events, then SubmitSnapshotJob and its
/// callback; and what the OSS endpoint must refuse, each storing nothing.
/// </summary>
public class AliOssUploadTests(UploadService service, TestClips clips) : IClassFixture<UploadService>, IClassFixture<TestClips>
{
    [Fact(Timeout = 60_000)]
    public async Task A_simple_upload_becomes_a_video_whose_snapshot_callback_arrives()
    {
        service.Sample.SkipUnlessInstalled();
        var file = Copy(clips.Ramp, "ramp.mp4");

        var result = await service.RunFlowAsync(file, multipart: false, service.Receiver.Url("/video"));

        var videoId = result.GetProperty("VideoId").GetString()!;
        Assert.Equal("Normal", result.GetProperty("Status").GetString());
        Assert.Equal(await Md5ETagAsync(file), result.GetProperty("ETag").GetString());
        var uploaded = await service.EventAsync(videoId, "FileUploadComplete");
        Assert.Equal("success", uploaded.GetProperty("Status").GetString());
        Assert.Equal(new FileInfo(file).Length, uploaded.GetProperty("Size").GetInt64());
        Assert.EndsWith("/" + result.GetProperty("FileName").GetString(), uploaded.GetProperty("FileUrl").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("http://outin-", uploaded.GetProperty("FileUrl").GetString(), StringComparison.Ordinal);
        Assert.Equal("""{"sample":"vod-upload"}""", uploaded.GetProperty("Extend").GetString());
        var analysed = await service.EventAsync(videoId, "VideoAnalysisComplete");
        Assert.Equal("success", analysed.GetProperty("Status").GetString());
        Assert.Equal("160", analysed.GetProperty("Width").GetString());
        Assert.Equal("90", analysed.GetProperty("Height").GetString());
        Assert.Equal("25", analysed.GetProperty("Fps").GetString());
        Assert.All(service.Receiver.Mentioning(videoId).Where(c => c.Json.GetProperty("EventType").GetString() != "SnapshotComplete"), c => Assert.Equal("/video", c.Path));

        var snapshots = await service.EventAsync(result.GetProperty("JobId").GetString()!, "SnapshotComplete");
        Assert.Equal("success", snapshots.GetProperty("Status").GetString());
        Assert.Equal(3, TestHost.Info(snapshots, "NormalSnapshot").GetProperty("SnapshotCount").GetInt32());
        // The stored source is the uploaded file, byte for byte.
        Assert.Equal(await File.ReadAllBytesAsync(file, TestContext.Current.CancellationToken),
            await File.ReadAllBytesAsync(service.Video(videoId).SourcePath, TestContext.Current.CancellationToken));
    }

    [Fact(Timeout = 60_000)]
    public async Task A_multipart_upload_of_several_parts_becomes_a_video_whose_snapshot_callback_arrives()
    {
        service.Sample.SkipUnlessInstalled();
        var file = await LargeClipAsync();
        const int partSize = 100 * 1024;
        var parts = (int)Math.Ceiling(new FileInfo(file).Length / (double)partSize);
        Assert.True(parts >= 3, $"The clip should need several parts; it needs {parts}.");

        var result = await service.RunFlowAsync(file, multipart: true, service.Receiver.Url("/video"), partSize);

        var videoId = result.GetProperty("VideoId").GetString()!;
        Assert.Equal("Normal", result.GetProperty("Status").GetString());
        var grant = service.Grant(videoId);
        Assert.Equal("Multipart", grant.ObjectType);
        Assert.Matches($"^\"[0-9A-F]{{32}}-{parts}\"$", grant.ObjectETag);
        Assert.Equal(grant.ObjectETag, result.GetProperty("ETag").GetString());
        Assert.Equal(await File.ReadAllBytesAsync(file, TestContext.Current.CancellationToken),
            await File.ReadAllBytesAsync(service.Video(videoId).SourcePath, TestContext.Current.CancellationToken));
        Assert.Equal("success", (await service.EventAsync(videoId, "FileUploadComplete")).GetProperty("Status").GetString());
        var snapshots = await service.EventAsync(result.GetProperty("JobId").GetString()!, "SnapshotComplete");
        Assert.Equal("success", snapshots.GetProperty("Status").GetString());
        Assert.Empty(service.StoredFiles("no-such-video"));
    }

    public static TheoryData<string, string, int> Refusals() => new()
    {
        { "wrong secret", "SignatureDoesNotMatch", 403 },
        { "another object key", "AccessDenied", 403 },
        { "another video's key", "AccessDenied", 403 },
        { "bad Content-MD5", "InvalidDigest", 400 },
    };

    [Theory(Timeout = 60_000)]
    [MemberData(nameof(Refusals))]
    public async Task A_refused_upload_stores_nothing(string what, string code, int status)
    {
        service.Sample.SkipUnlessInstalled();
        var (videoId, address, auth) = await service.CreateUploadAsync();
        var (_, otherAddress, _) = await service.CreateUploadAsync();
        var environment = what switch
        {
            "wrong secret" => new Dictionary<string, string> { ["OSS_SECRET"] = "not-the-secret-that-was-handed-out" },
            "another object key" => new() { ["OSS_KEY"] = "sv/elsewhere/elsewhere.mp4" },
            "another video's key" => new() { ["OSS_KEY"] = UploadService.Decode(otherAddress).GetProperty("FileName").GetString()! },
            // The MD5 of other bytes, well formed.
            _ => new() { ["OSS_CONTENT_MD5"] = "ODBGOERFMDMzQTczRUY3NUE3NzA5QzdFNUYzMDQxNEM=" },
        };

        var output = await service.OssCallAsync(what == "bad Content-MD5" ? "put-buffer" : "put", clips.Ramp, address, auth, environment);

        Assert.True(output.TryGetProperty("error", out var error), output.ToString());
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.Equal(status, error.GetProperty("status").GetInt32());
        Assert.Matches("^[0-9A-F]{24}$", error.GetProperty("requestId").GetString());
        Assert.Equal(VideoStatus.Uploading, service.Video(videoId).Status);
        Assert.Null(service.Grant(videoId).ObjectETag);
        Assert.Empty(service.StoredFiles(videoId));
        Assert.Empty(service.Receiver.Mentioning(videoId));
    }

    [Fact(Timeout = 60_000)]
    public async Task An_upload_interrupted_halfway_and_aborted_leaves_no_file_and_no_video()
    {
        service.Sample.SkipUnlessInstalled();
        var file = await LargeClipAsync();
        var (videoId, address, auth) = await service.CreateUploadAsync();

        var aborted = await service.OssCallAsync("abort", file, address, auth);
        var head = await service.OssCallAsync("head", file, address, auth);

        Assert.Equal(204, aborted.GetProperty("result").GetProperty("status").GetInt32());
        Assert.Equal("NoSuchUpload", aborted.GetProperty("result").GetProperty("afterAbort").GetString());
        Assert.Equal("NoSuchKey", head.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(VideoStatus.Uploading, service.Video(videoId).Status);
        Assert.Empty(service.StoredFiles(videoId));
        Assert.Equal(0, service.Query(db => db.Set<VodSnapshot.Api.Features.Uploads.OssMultipartPart>().Count()));
    }

    [Fact(Timeout = 60_000)]
    public async Task An_upload_that_is_no_video_ends_as_TranscodeFail_with_its_failed_analysis_event()
    {
        service.Sample.SkipUnlessInstalled();
        var (videoId, address, auth) = await service.CreateUploadAsync("broken.mp4");

        var put = await service.OssCallAsync("put", clips.NotMedia, address, auth);

        Assert.Equal(200, put.GetProperty("result").GetProperty("status").GetInt32());
        var analysed = await service.EventAsync(videoId, "VideoAnalysisComplete");
        Assert.Equal("fail", analysed.GetProperty("Status").GetString());
        Assert.Equal("InvalidParameter.ResourceContentBad", analysed.GetProperty("ErrorCode").GetString());
        Assert.Equal(VideoStatus.TranscodeFail, service.Video(videoId).Status);
        var (status, body) = await service.CallAsync("SubmitSnapshotJob", new() { ["VideoId"] = videoId });
        Assert.Equal(400, status);
        Assert.Equal("Forbidden.IllegalStatus", body.GetProperty("Code").GetString());
    }

    [Fact(Timeout = 60_000)]
    public async Task RefreshUploadVideo_hands_out_new_credentials_for_the_same_object()
    {
        service.Sample.SkipUnlessInstalled();
        var (videoId, address, auth) = await service.CreateUploadAsync();

        var (status, refreshed) = await service.CallAsync("RefreshUploadVideo", new() { ["VideoId"] = videoId });

        Assert.Equal(200, status);
        Assert.Equal(videoId, refreshed.GetProperty("VideoId").GetString());
        Assert.Equal(UploadService.Decode(address).ToString(), UploadService.Decode(refreshed.GetProperty("UploadAddress").GetString()!).ToString());
        var newAuth = refreshed.GetProperty("UploadAuth").GetString()!;
        Assert.NotEqual(UploadService.Decode(auth).GetProperty("AccessKeyId").GetString(), UploadService.Decode(newAuth).GetProperty("AccessKeyId").GetString());
        // The earlier credentials stay valid until they expire; the new ones write the object.
        Assert.Equal("NoSuchKey", (await service.OssCallAsync("head", clips.Ramp, address, auth)).GetProperty("error").GetProperty("code").GetString());
        var put = await service.OssCallAsync("put", clips.Ramp, address, newAuth);
        Assert.Equal(200, put.GetProperty("result").GetProperty("status").GetInt32());
        var head = await service.OssCallAsync("head", clips.Ramp, address, newAuth);
        Assert.Equal(new FileInfo(clips.Ramp).Length.ToString(System.Globalization.CultureInfo.InvariantCulture), head.GetProperty("result").GetProperty("size").GetString());
        Assert.Equal("Normal", head.GetProperty("result").GetProperty("objectType").GetString());
    }

    private string Copy(string clip, string name)
    {
        var folder = Directory.CreateDirectory(Path.Combine(service.Root, Guid.NewGuid().ToString("N"))).FullName;
        var target = Path.Combine(folder, name);
        File.Copy(clip, target);
        return target;
    }

    /// <summary>A clip of about 600 KB: several 100 KB parts.</summary>
    private async Task<string> LargeClipAsync()
    {
        var path = Path.Combine(service.Root, "large.mp4");
        if (!File.Exists(path))
        {
            await FfmpegCli.RunAsync("ffmpeg", ["-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25", "-t", "3",
                "-c:v", "libx264", "-preset", "ultrafast", "-b:v", "1600k", "-g", "25", "-pix_fmt", "yuv420p", path], TestContext.Current.CancellationToken);
        }

        return path;
    }

    private static async Task<string> Md5ETagAsync(string file) =>
        "\"" + Convert.ToHexString(System.Security.Cryptography.MD5.HashData(await File.ReadAllBytesAsync(file, TestContext.Current.CancellationToken))) + "\"";
}
