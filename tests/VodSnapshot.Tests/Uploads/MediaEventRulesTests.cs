using VodSnapshot.Api.Features.Uploads;
using VodSnapshot.Api.Persistence;
using VodSnapshot.Tests.TestSupport;

namespace VodSnapshot.Tests.Uploads;

/// <summary>
/// Media events follow the global callback configuration exactly as snapshot callbacks do: only the events its
/// EventTypeList names (or ALL) are sent, an MNS configuration sends nothing and says so, and a video's events arrive
/// in the vendor's order even when the first one needs retries.
/// </summary>
public class MediaEventRulesTests(MediaEventRulesTests.Service service, TestClips clips) : IClassFixture<MediaEventRulesTests.Service>, IClassFixture<TestClips>
{
    [Fact(Timeout = 60_000)]
    public async Task Only_the_events_the_EventTypeList_names_are_sent_and_a_withheld_one_is_recorded_with_why()
    {
        service.Sample.SkipUnlessInstalled();
        await ConfigureAsync(new() { ["CallbackURL"] = service.Receiver.Url("/global"), ["EventTypeList"] = "FileUploadComplete,SnapshotComplete" });
        var videoId = await UploadAsync("/only-upload");

        var uploaded = await service.EventAsync(videoId, "FileUploadComplete");

        Assert.Equal("success", uploaded.GetProperty("Status").GetString());
        var withheld = Delivery(videoId, UploadEventBodies.VideoAnalysisComplete);
        Assert.Equal(VideoEventStatus.NotSent, withheld.Status);
        Assert.Contains("EventTypeList", withheld.Reason, StringComparison.Ordinal);
        Assert.Equal(string.Empty, withheld.Url);
        Assert.All(service.Receiver.Mentioning(videoId), c => Assert.Equal("FileUploadComplete", c.Json.GetProperty("EventType").GetString()));
        Assert.Single(service.Receiver.Mentioning(videoId));
    }

    [Fact(Timeout = 60_000)]
    public async Task An_MNS_configuration_sends_no_media_event_and_records_each_as_not_sent()
    {
        service.Sample.SkipUnlessInstalled();
        await ConfigureAsync(new() { ["CallbackType"] = "MNS", ["MnsQueueName"] = "vod-events", ["EventTypeList"] = "ALL" });
        var videoId = await UploadAsync(callbackPath: null);

        var deliveries = service.Query(db => db.Set<VideoEventDelivery>().Where(d => d.VideoId == videoId).ToList());

        Assert.Equal([UploadEventBodies.FileUploadComplete, UploadEventBodies.VideoAnalysisComplete], deliveries.OrderBy(d => d.CreationTime).Select(d => d.EventType));
        Assert.All(deliveries, d => Assert.Equal(VideoEventStatus.NotSent, d.Status));
        Assert.All(deliveries, d => Assert.Contains("MNS queue vod-events", d.Reason, StringComparison.Ordinal));
        await Task.Delay(500, TestContext.Current.CancellationToken);
        Assert.Empty(service.Receiver.Mentioning(videoId));
    }

    [Fact(Timeout = 60_000)]
    public async Task A_videos_events_arrive_in_order_when_the_first_one_needs_retries()
    {
        service.Sample.SkipUnlessInstalled();
        await ConfigureAsync(new() { ["CallbackURL"] = service.Receiver.Url("/global"), ["EventTypeList"] = "ALL" });
        // The first two attempts fail: FileUploadComplete is retried while the analysis is long done.
        service.Receiver.RespondOn("/ordered", 500, 500);
        var videoId = await UploadAsync("/ordered");

        await service.EventAsync(videoId, "VideoAnalysisComplete");

        var received = service.Receiver.Mentioning(videoId).Select(c => c.Json.GetProperty("EventType").GetString()).ToList();
        Assert.Equal(["FileUploadComplete", "FileUploadComplete", "FileUploadComplete", "VideoAnalysisComplete"], received);
        var deliveries = service.Query(db => db.Set<VideoEventDelivery>().Where(d => d.VideoId == videoId).ToList()).OrderBy(d => d.CreationTime).ToList();
        Assert.Equal([(VideoEventStatus.Delivered, 3), (VideoEventStatus.Delivered, 1)], deliveries.Select(d => (d.Status, d.AttemptCount)));
    }

    private async Task ConfigureAsync(Dictionary<string, string> parameters)
    {
        var (status, body) = await service.CallAsync("SetMessageCallback", parameters);
        Assert.True(status == 200, body.ToString());
    }

    /// <summary>CreateUploadVideo (with a UserData URL on the receiver when given), ali-oss put, then waits until the analysis is done.</summary>
    private async Task<string> UploadAsync(string? callbackPath)
    {
        var userData = callbackPath is null ? null : $$$"""{"MessageCallback":{"CallbackURL":"{{{service.Receiver.Url(callbackPath)}}}"}}""";
        var (videoId, address, auth) = await service.CreateUploadAsync(userData: userData);
        var put = await service.OssCallAsync("put", clips.Ramp, address, auth);
        Assert.Equal(200, put.GetProperty("result").GetProperty("status").GetInt32());
        for (var i = 0; i < 300 && service.Video(videoId).Status != VideoStatus.Normal; i++)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        Assert.Equal(VideoStatus.Normal, service.Video(videoId).Status);
        return videoId;
    }

    private VideoEventDelivery Delivery(string videoId, string eventType) =>
        service.Query(db => db.Set<VideoEventDelivery>().Single(d => d.VideoId == videoId && d.EventType == eventType));

    /// <summary>Without cover jobs: their SnapshotComplete would take answers from the scripted status sequences.</summary>
    public sealed class Service : UploadService
    {
        protected override void Configure(TestHostBuilder builder) => builder.Set("Covers:Enabled", "false");
    }
}
