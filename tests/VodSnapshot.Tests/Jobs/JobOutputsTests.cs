using VodSnapshot.Api.Features.Faults;
using VodSnapshot.Api.Features.Snapshots;
using VodSnapshot.Api.Features.Snapshots.Planning;
using VodSnapshot.Api.Persistence;
using VodSnapshot.Api.Storage;
using VodSnapshot.Media.Extraction;
using VodSnapshot.Media.Sprites;

namespace VodSnapshot.Tests.Jobs;

/// <summary>What a run's frames and sheets become: names, serials and times of every output, without ffmpeg.</summary>
public sealed class JobOutputsTests
{
    private static readonly SnapshotJob Job = new() { Id = new string('a', 32), VideoId = new string('b', 32), Spec = "{}", PublicBaseUrl = "http://cdn.test" };

    private static readonly SpriteSheetLayout TwoByOne = new(CellWidth: 16, CellHeight: 9, Columns: 2, Lines: 1, Padding: 0, Margin: 0);

    private static ExtractedFrame[] Frames(int count, bool cells = true) =>
    [
        .. Enumerable.Range(1, count).Select(i => new ExtractedFrame(i, TimeSpan.FromSeconds(i - 1), TimeSpan.FromMilliseconds(((i - 1) * 1000) + 40), $"frames/{i:D5}.jpg")
        {
            CellPath = cells ? $"frames/cells/{i:D5}.jpg" : null,
        }),
    ];

    [Fact]
    public void Without_sprites_every_frame_is_one_normal_snapshot_at_its_presentation_time()
    {
        var outputs = JobOutputs.List(Job, Frames(3), sprite: null, sheets: []);

        Assert.Equal(["frames/00001.jpg", "frames/00002.jpg", "frames/00003.jpg"], outputs.Select(o => o.From));
        Assert.All(outputs, o => Assert.Equal((SnapshotType.Normal, Job.Id, Job.VideoId), (o.Image.Type, o.Image.JobId, o.Image.VideoId)));
        Assert.Equal([1, 2, 3], outputs.Select(o => o.Image.Index));
        Assert.Equal([40L, 1040, 2040], outputs.Select(o => o.Image.PresentationTimeMs));
        Assert.Equal($"{Job.VideoId}/snapshots/normal/{Job.Id}-00002.jpg", outputs[1].Image.RelativePath);
    }

    [Fact]
    public void Each_sheet_is_timed_by_its_first_cell_and_kept_cells_follow_in_order()
    {
        var sprite = new SpriteSheets(TwoByOne, new Rgb(0, 0, 0), KeepCells: true);

        var outputs = JobOutputs.List(Job, Frames(3), sprite, ["sprites/sprite-00001.jpg", "sprites/sprite-00002.jpg"]);

        Assert.Equal(3 + 2 + 3, outputs.Count);
        var sheets = outputs.Where(o => o.Image.Type == SnapshotType.Sprite).ToList();
        Assert.Equal([(1, 40L), (2, 2040L)], sheets.Select(o => (o.Image.Index, o.Image.PresentationTimeMs)));
        Assert.Equal($"{Job.VideoId}/snapshots/sprite/{Job.Id}-00002.jpg", sheets[1].Image.RelativePath);
        var cells = outputs.Where(o => o.Image.Type == SnapshotType.SpriteOrigin).ToList();
        Assert.Equal(["frames/cells/00001.jpg", "frames/cells/00002.jpg", "frames/cells/00003.jpg"], cells.Select(o => o.From));
        Assert.Equal([40L, 1040, 2040], cells.Select(o => o.Image.PresentationTimeMs));
    }

    [Fact]
    public void Cells_are_not_outputs_unless_kept()
    {
        var outputs = JobOutputs.List(Job, Frames(2), new SpriteSheets(TwoByOne, new Rgb(1, 2, 3), KeepCells: false), ["sprites/sprite-00001.jpg"]);

        Assert.DoesNotContain(outputs, o => o.Image.Type == SnapshotType.SpriteOrigin);
        Assert.Single(outputs, o => o.Image.Type == SnapshotType.Sprite);
    }

    [Fact]
    public void A_frame_without_its_sprite_cell_is_an_internal_error()
    {
        var error = Assert.Throws<SnapshotJobException>(() => JobOutputs.CellPaths(Frames(2, cells: false)));

        Assert.Equal(JobErrors.Internal, error.Code);
    }

    [Theory]
    [InlineData(FrameFailure.SourceNotFound, "InvalidParameter.ResourceNotFound")]
    [InlineData(FrameFailure.SourceUnreadable, "InvalidParameter.ResourceContentBad")]
    [InlineData(FrameFailure.TimedOut, "SnapshotTimeOut")]
    [InlineData(FrameFailure.Internal, "InternalError")]
    public void Extraction_failures_are_reported_with_the_vendors_codes(FrameFailure kind, string code)
    {
        Assert.Equal(code, JobErrors.For(kind));
        Assert.Equal((code, "Said safely."), JobFailure.Describe(new FrameExtractionException(kind, "Said safely.")));
    }

    [Fact]
    public void Other_failures_keep_their_code_or_say_no_more_than_internal_error()
    {
        Assert.Equal(("InvalidVideo.NotFound", "Gone."), JobFailure.Describe(new SnapshotJobException(JobErrors.VideoNotFound, "Gone.")));
        Assert.Equal(("X.Y", "Injected fault: the job was made to fail with X.Y."), JobFailure.Describe(new InjectedJobFaultException("X.Y")));
        Assert.Equal(("InternalError", "An output image is missing."), JobFailure.Describe(new MissingOutputException()));
        Assert.Equal(("InternalError", "The snapshot job failed unexpectedly."), JobFailure.Describe(new InvalidOperationException("a secret path")));
    }
}
