using VodSnapshot.Api.Features.Callbacks;
using VodSnapshot.Api.Features.Covers;
using VodSnapshot.Api.Features.Snapshots;
using VodSnapshot.Api.Features.Snapshots.Planning;
using VodSnapshot.Api.Persistence;
using VodSnapshot.Media.Extraction;
using VodSnapshot.Media.Probing;

namespace VodSnapshot.Tests.Covers;

/// <summary>The cover plan, the cover outputs and the cover event, without media.</summary>
[Trait("Category", "Unit")]
public sealed class CoverPlanTests
{
    private static MediaProbe Probe(double seconds, double? keyframeInterval) =>
        MediaProbe.None with { HasVideo = true, Duration = TimeSpan.FromSeconds(seconds), KeyframeInterval = keyframeInterval is { } k ? TimeSpan.FromSeconds(k) : null };

    [Theory]
    [InlineData(4.0, 2.0, 2)]
    [InlineData(4.1, 2.0, 3)]
    [InlineData(4.0, 0.32, 8)]
    [InlineData(1.0, 10.0, 1)]
    [InlineData(60.0, null, 8)]
    public void Covers_are_eight_or_as_many_as_the_keyframes(double seconds, double? keyframeInterval, int expected) =>
        Assert.Equal(expected, CoverPlan.Count(Probe(seconds, keyframeInterval)));

    [Fact]
    public void The_times_spread_evenly_from_five_milliseconds_and_take_keyframes()
    {
        var video = new Video { Id = Ids.New(), FileUrl = "file:///v.mp4", SourcePath = "/v.mp4", Title = "v", Status = VideoStatus.UploadSucc };
        video.Probe = Probe(4.0, 0.32) with { Width = 160, Height = 90, DisplayWidth = 160, DisplayHeight = 90 };

        var spec = CoverPlan.Request(video.Probe).Resolve(video, new SnapshotOptions(), null, null);

        Assert.Equal([5L, 504, 1003, 1503, 2002, 2501, 3001, 3500], spec.TimesMs);
        Assert.Equal((SnapshotFrameType.Intra, 160, 90, (SpriteSheets?)null), (spec.FrameType, spec.Width, spec.Height, spec.Sprite));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 2)]
    [InlineData(8, 5)]
    public void The_middle_image_is_the_cover(int count, int index) => Assert.Equal(index, CoverPlan.CoverIndex(count));

    [Fact]
    public void Two_times_on_the_same_keyframe_make_one_cover_numbered_in_time_order()
    {
        var job = new SnapshotJob { Id = Ids.New(), VideoId = Ids.New(), Kind = SnapshotJobKind.Cover, Spec = "{}", PublicBaseUrl = "http://h" };
        ExtractedFrame Frame(int index, int ms) => new(index, TimeSpan.FromMilliseconds(ms), TimeSpan.FromMilliseconds(ms), $"/w/{index:D5}.jpg");

        var outputs = JobOutputs.Covers(job, [Frame(1, 0), Frame(2, 0), Frame(3, 2000)]);

        Assert.Equal([("/w/00001.jpg", 1, 0L), ("/w/00003.jpg", 2, 2000L)], outputs.Select(o => (o.From, o.Image.Index, o.Image.PresentationTimeMs ?? -1)));
        Assert.All(outputs, o => Assert.Equal(SnapshotType.Cover, o.Image.Type));
        Assert.Equal($"{job.VideoId}/snapshots/covers/{job.Id}-00002.jpg", outputs[1].Image.RelativePath);
    }

    [Fact]
    public void A_cover_event_has_CoverUrl_a_CoverSnapshot_entry_and_no_SubType()
    {
        var job = new SnapshotJob { Id = Ids.New(), VideoId = Ids.New(), Kind = SnapshotJobKind.Cover, Status = SnapshotJobStatus.Succeeded, Spec = "{}", PublicBaseUrl = "http://h" };
        var image = JobOutputs.Image(job, SnapshotType.Cover, 1, TimeSpan.Zero);

        var success = Assert.IsType<SnapshotCompleteEvent.SuccessEvent>(SnapshotCompleteEvent.Build(job, null, [image], Ids.New(), "http://h/c.jpg"));
        job.Status = SnapshotJobStatus.Failed;
        var failure = Assert.IsType<SnapshotCompleteEvent.FailureEvent>(SnapshotCompleteEvent.Build(job, null, [], Ids.New()));

        Assert.Equal((null, "http://h/c.jpg"), (success.SubType, success.CoverUrl));
        Assert.Equal(("CoverSnapshot", 1L), (success.SnapshotInfos.Single().SnapshotType, success.SnapshotInfos.Single().SnapshotCount));
        Assert.Null(failure.SubType);
    }
}
