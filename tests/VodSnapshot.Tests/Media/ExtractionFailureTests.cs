using VodSnapshot.Media.Extraction;
using VodSnapshot.Tests.TestSupport;

namespace VodSnapshot.Tests.Media;

/// <summary>How extraction fails: the kind of failure (the API turns it into the vendor code), a message safe to show, nothing left behind.</summary>
public sealed class ExtractionFailureTests(TestClips clips) : ExtractionTests(clips)
{
    [Fact(Timeout = 60_000)]
    public async Task A_missing_source_fails_as_resource_not_found()
    {
        var probe = await ProbeRampAsync();

        var error = await Assert.ThrowsAsync<FrameExtractionException>(() => ExtractAsync(Path.Combine(Clips.Root, "gone.mp4"), [TimeSpan.Zero], FrameSelection.Exact, probe: probe));

        Assert.Equal(FrameFailure.SourceNotFound, error.Kind);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_truncated_source_fails_as_content_bad_and_leaves_nothing_behind()
    {
        var folder = Clips.NewFolder();
        var probe = await ProbeRampAsync();

        var error = await Assert.ThrowsAsync<FrameExtractionException>(() => Engine.Extractor.ExtractAsync(
            Clips.Truncated, probe, new FrameRequest([TimeSpan.FromSeconds(1)], 32, 18, FrameSelection.Exact), folder, TestContext.Current.CancellationToken));

        Assert.Equal(FrameFailure.SourceUnreadable, error.Kind);
        Assert.DoesNotContain("moov", error.Message, StringComparison.Ordinal);
        Assert.NotNull(error.ToolOutput);
        Assert.Empty(Directory.GetFileSystemEntries(folder));
    }

    [Fact(Timeout = 60_000)]
    public async Task A_source_that_is_not_media_fails_as_content_bad()
    {
        var probe = await ProbeRampAsync();

        var error = await Assert.ThrowsAsync<FrameExtractionException>(() => ExtractAsync(Clips.NotMedia, [TimeSpan.Zero], FrameSelection.NearestKeyframe, probe: probe));

        Assert.Equal(FrameFailure.SourceUnreadable, error.Kind);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_source_without_video_fails_as_content_bad()
    {
        var probe = await ProbeAsync(Clips.AudioOnly);

        var error = await Assert.ThrowsAsync<FrameExtractionException>(() => ExtractAsync(Clips.AudioOnly, [TimeSpan.Zero], FrameSelection.Exact, probe: probe));

        Assert.Equal(FrameFailure.SourceUnreadable, error.Kind);
    }
}
