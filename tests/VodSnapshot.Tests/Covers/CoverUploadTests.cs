using VodSnapshot.Tests.TestSupport;
using VodSnapshot.Tests.Uploads;

namespace VodSnapshot.Tests.Covers;

/// <summary>
/// Covers of an uploaded video: CreateUploadVideo (pop-core), the upload with ali-oss, the analysis, then the cover
/// job on its own; GetVideoInfo and ListSnapshots list the covers, the cover event goes to the upload's UserData URL.
/// </summary>
public sealed class CoverUploadTests(UploadService service, TestClips clips) : IClassFixture<UploadService>, IClassFixture<TestClips>
{
    [Fact(Timeout = 120_000)]
    public async Task An_ali_oss_upload_gets_its_covers_after_the_analysis()
    {
        service.Sample.SkipUnlessInstalled();
        var userData = $$$"""{"MessageCallback":{"CallbackURL":"{{{service.Receiver.Url("/upload-covers")}}}"},"Extend":{"up":"1"}}""";
        var (videoId, address, auth) = await service.CreateUploadAsync("ramp.mp4", userData);

        var put = await service.OssCallAsync("put", clips.Ramp, address, auth);

        Assert.Equal(200, put.GetProperty("result").GetProperty("status").GetInt32());
        var analysed = await service.EventAsync(videoId, "VideoAnalysisComplete");
        Assert.Equal("success", analysed.GetProperty("Status").GetString());
        var cover = await service.Receiver.CoverEventOfAsync(videoId, TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        Assert.Equal("/upload-covers", service.Receiver.Mentioning(videoId).Single(c => !c.Json.TryGetProperty("SubType", out _) && c.Json.GetProperty("EventType").GetString() == "SnapshotComplete").Path);
        Assert.Equal("""{"up":"1"}""", cover.GetProperty("Extend").GetString());
        var info = Assert.Single(cover.GetProperty("SnapshotInfos").EnumerateArray());
        Assert.Equal(("CoverSnapshot", 2), (info.GetProperty("SnapshotType").GetString(), info.GetProperty("SnapshotCount").GetInt32()));
        // A job the service made itself: its URLs are on the address the service listens on.
        Assert.StartsWith(service.Endpoint.GetLeftPart(UriPartial.Authority) + "/" + videoId + "/snapshots/covers/", TestHost.ImageUrl(info, 1), StringComparison.Ordinal);

        var (_, got) = await service.CallAsync("GetVideoInfo", new() { ["VideoId"] = videoId });
        var video = got.GetProperty("Video");
        Assert.Equal("Normal", video.GetProperty("Status").GetString());
        Assert.Equal(TestHost.ImageUrl(info, 2), video.GetProperty("CoverURL").GetString());
        Assert.Equal([TestHost.ImageUrl(info, 1), TestHost.ImageUrl(info, 2)], video.GetProperty("Snapshots").GetProperty("Snapshot").EnumerateArray().Select(u => u.GetString()));
        var (_, list) = await service.CallAsync("ListSnapshots", new() { ["VideoId"] = videoId, ["SnapshotType"] = "CoverSnapshot" });
        Assert.Equal(2, list.GetProperty("MediaSnapshot").GetProperty("Total").GetInt64());

        using var client = new HttpClient();
        var frames = new List<int>();
        foreach (var url in new[] { TestHost.ImageUrl(info, 1), TestHost.ImageUrl(info, 2) })
        {
            var jpeg = Path.Combine(service.Root, Guid.NewGuid().ToString("N") + ".jpg");
            await File.WriteAllBytesAsync(jpeg, await client.GetByteArrayAsync(url, TestContext.Current.CancellationToken), TestContext.Current.CancellationToken);
            frames.Add(FrameIdentity.Read(jpeg).Frame);
        }

        Assert.Equal([0, 50], frames);
    }
}
