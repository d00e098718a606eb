using VodSnapshot.Media.Extraction;
using VodSnapshot.Media.Probing;
using VodSnapshot.Tests.TestSupport;

namespace VodSnapshot.Tests.Media;

/// <summary>Frame accuracy and output of the ffmpeg extractor, checked by the colour of each written frame.</summary>
public sealed class FrameExtractorTests(TestClips clips) : IDisposable
{
    private readonly MediaEngine _engine = new();

    /// <summary>
    /// Times on frame boundaries, just before them, mid-frame, at fractions of a millisecond, mid-GOP, at a keyframe and
    /// the last frame; at 25 fps the frame shown at t is floor(t·25).
    /// </summary>
    private static readonly TimeSpan[] ExactTimes =
    [
        TimeSpan.Zero,
        TimeSpan.FromTicks(399_990),           // 39.999 ms: still frame 0
        TimeSpan.FromMilliseconds(40),         // boundary: frame 1
        TimeSpan.FromTicks(5_005_000),         // 500.5 ms: frame 12
        TimeSpan.FromMilliseconds(1000),       // frame 25
        TimeSpan.FromMilliseconds(1020),       // mid-frame 25
        TimeSpan.FromTicks(10_399_000),        // 1039.9 ms: frame 25
        TimeSpan.FromMilliseconds(1500),       // mid-GOP: frame 37
        TimeSpan.FromMilliseconds(1999),       // last frame before the second keyframe: 49
        TimeSpan.FromMilliseconds(2000),       // the keyframe: 50
        TimeSpan.FromTicks(34_612_345),        // mid second GOP: frame 86
        TimeSpan.FromMilliseconds(3990),       // last frame: 99
    ];

    public void Dispose() => _engine.Dispose();

    [Theory(Timeout = 60_000)]
    [InlineData(ExtractionStrategy.Auto)]
    [InlineData(ExtractionStrategy.SeekPerFrame)]
    [InlineData(ExtractionStrategy.SeekInputs)]
    [InlineData(ExtractionStrategy.DecodePass)]
    public async Task Exact_selection_writes_the_frame_shown_at_each_time(ExtractionStrategy strategy)
    {
        var result = await ExtractAsync(clips.Ramp, ExactTimes, FrameSelection.Exact, strategy);

        var expected = ExactTimes.Select(t => (int)Math.Floor(t.TotalSeconds * TestClips.FrameRate)).ToList();
        Assert.Equal(expected, result.Frames.Select(f => FrameIdentity.Read(f.Path).Frame).ToList());
        Assert.Equal(expected.Select(n => TimeSpan.FromMilliseconds(40 * n)), result.Frames.Select(f => f.PresentationTime));
        Assert.Equal(ExactTimes, result.Frames.Select(f => f.RequestedTime));
        Assert.Equal(Enumerable.Range(1, ExactTimes.Length), result.Frames.Select(f => f.Index));
    }

    [Fact(Timeout = 60_000)]
    public async Task Every_strategy_writes_the_same_images()
    {
        var times = ExactTimes[..6];
        var pixels = new List<List<double>>();
        foreach (var strategy in new[] { ExtractionStrategy.SeekPerFrame, ExtractionStrategy.SeekInputs, ExtractionStrategy.DecodePass })
        {
            var result = await ExtractAsync(clips.Ramp, times, FrameSelection.Exact, strategy);
            pixels.Add([.. result.Frames.Select(f => FrameIdentity.Read(f.Path).Luma)]);
        }

        Assert.All(pixels, p => Assert.Equal(pixels[0], p));
    }

    [Theory(Timeout = 60_000)]
    [InlineData(64, 36)]
    [InlineData(8, 8)]
    public async Task All_hundred_frames_come_out_in_order(int width, int height)
    {
        var times = Enumerable.Range(0, TestClips.RampFrames).Select(n => TimeSpan.FromMilliseconds((40 * n) + 20)).ToList();

        var result = await ExtractAsync(clips.Ramp, times, FrameSelection.Exact, width: width, height: height);

        Assert.Equal(Enumerable.Range(0, TestClips.RampFrames), result.Frames.Select(f => FrameIdentity.Read(f.Path).Frame));
    }

    [Fact(Timeout = 60_000)]
    public async Task Each_frame_matches_its_colour_closely()
    {
        var result = await ExtractAsync(clips.Ramp, [TimeSpan.FromMilliseconds(400), TimeSpan.FromMilliseconds(3000)], FrameSelection.Exact);

        Assert.All(result.Frames, f =>
        {
            var identity = FrameIdentity.Read(f.Path);
            Assert.InRange(identity.Luma, FrameIdentity.LumaOf(identity.Frame) - 1.2, FrameIdentity.LumaOf(identity.Frame) + 1.2);
        });
    }

    [Theory(Timeout = 60_000)]
    [InlineData(ExtractionStrategy.Auto)]
    [InlineData(ExtractionStrategy.SeekInputs)]
    [InlineData(ExtractionStrategy.DecodePass)]
    public async Task Exact_selection_follows_a_variable_frame_rate(ExtractionStrategy strategy)
    {
        var probe = await _engine.Prober.ProbeAsync(clips.VariableRate, TestContext.Current.CancellationToken);
        Assert.False(probe.IsConstantFrameRate);
        TimeSpan[] times =
        [
            TimeSpan.Zero, TimeSpan.FromMilliseconds(999), TimeSpan.FromMilliseconds(1000), TimeSpan.FromMilliseconds(1079),
            TimeSpan.FromMilliseconds(1080), TimeSpan.FromMilliseconds(2990), TimeSpan.FromMilliseconds(3000),
            TimeSpan.FromTicks(30_199_990), TimeSpan.FromMilliseconds(3020), TimeSpan.FromMilliseconds(3970), TimeSpan.FromMilliseconds(3980),
        ];

        var result = await ExtractAsync(clips.VariableRate, times, FrameSelection.Exact, strategy, probe);

        var expected = times.Select(t => Enumerable.Range(0, TestClips.RampFrames).Last(n => TestClips.VfrFrameTime(n) <= t)).ToList();
        Assert.Equal(expected, result.Frames.Select(f => FrameIdentity.Read(f.Path).Frame).ToList());
        Assert.Equal(expected.Select(TestClips.VfrFrameTime), result.Frames.Select(f => f.PresentationTime));
    }

    [Theory(Timeout = 60_000)]
    [InlineData(ExtractionStrategy.Auto)]
    [InlineData(ExtractionStrategy.SeekInputs)]
    [InlineData(ExtractionStrategy.DecodePass)]
    public async Task Nearest_keyframe_selection_writes_only_keyframes(ExtractionStrategy strategy)
    {
        TimeSpan[] times = [TimeSpan.Zero, TimeSpan.FromMilliseconds(900), TimeSpan.FromMilliseconds(1000), TimeSpan.FromMilliseconds(1100), TimeSpan.FromMilliseconds(3900)];

        var result = await ExtractAsync(clips.Ramp, times, FrameSelection.NearestKeyframe, strategy);

        // 1.0 s lies halfway between the keyframes at 0 and 2 s: the earlier one wins.
        Assert.Equal([0, 0, 0, 50, 50], result.Frames.Select(f => FrameIdentity.Read(f.Path).Frame));
        Assert.Equal([TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2)], result.Frames.Select(f => f.PresentationTime));
        Assert.StartsWith("keyframes:", result.Strategy, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task Nearest_keyframe_selection_follows_a_variable_frame_rate()
    {
        var probe = await _engine.Prober.ProbeAsync(clips.VariableRate, TestContext.Current.CancellationToken);

        var result = await ExtractAsync(clips.VariableRate, [TimeSpan.FromMilliseconds(1400), TimeSpan.FromMilliseconds(1600)], FrameSelection.NearestKeyframe, probe: probe);

        Assert.Equal([0, 50], result.Frames.Select(f => FrameIdentity.Read(f.Path).Frame));
        Assert.Equal([TimeSpan.Zero, TimeSpan.FromSeconds(3)], result.Frames.Select(f => f.PresentationTime));
    }

    [Theory(Timeout = 60_000)]
    [InlineData(ExtractionStrategy.SeekInputs)]
    [InlineData(ExtractionStrategy.DecodePass)]
    public async Task Exact_selection_survives_a_container_that_seeks_late(ExtractionStrategy strategy)
    {
        var probe = await _engine.Prober.ProbeAsync(clips.RampTransportStream, TestContext.Current.CancellationToken);
        Assert.NotEqual(TimeSpan.Zero, probe.StartTime);
        TimeSpan[] times = [TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(1020), TimeSpan.FromMilliseconds(2460), TimeSpan.FromMilliseconds(3990)];

        var result = await ExtractAsync(clips.RampTransportStream, times, FrameSelection.Exact, strategy, probe);

        Assert.Equal([12, 25, 61, 99], result.Frames.Select(f => FrameIdentity.Read(f.Path).Frame));
        Assert.Equal([480, 1000, 2440, 3960], result.Frames.Select(f => (int)f.PresentationTime.TotalMilliseconds));
    }

    [Fact(Timeout = 60_000)]
    public async Task A_time_past_the_last_frame_gets_the_last_frame()
    {
        var result = await ExtractAsync(clips.Ramp, [TimeSpan.FromSeconds(3.5), TimeSpan.FromSeconds(9)], FrameSelection.Exact);

        Assert.Equal([87, 99], result.Frames.Select(f => FrameIdentity.Read(f.Path).Frame));
        Assert.Equal(TimeSpan.FromMilliseconds(3960), result.Frames[1].PresentationTime);
    }

    [Fact(Timeout = 60_000)]
    public async Task Video_ending_before_its_container_is_looked_up_instead_of_decoded_from_the_start()
    {
        var probe = await _engine.Prober.ProbeAsync(clips.TrailingAudio, TestContext.Current.CancellationToken);
        Assert.True(probe.IsConstantFrameRate);
        Assert.Equal(TimeSpan.FromSeconds(3), probe.Duration);

        var result = await ExtractAsync(clips.TrailingAudio, [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2.5)], FrameSelection.Exact, probe: probe);

        Assert.Equal([25, 49], result.Frames.Select(f => FrameIdentity.Read(f.Path).Frame));
        Assert.Equal(TimeSpan.FromMilliseconds(1960), result.Frames[1].PresentationTime);
        Assert.EndsWith("+scanned", result.Strategy, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task Times_showing_the_same_frame_each_get_a_file()
    {
        TimeSpan[] times = [TimeSpan.FromMilliseconds(1000), TimeSpan.FromMilliseconds(1010), TimeSpan.FromMilliseconds(1030)];

        var result = await ExtractAsync(clips.Ramp, times, FrameSelection.Exact);

        Assert.Equal(3, result.Frames.Select(f => f.Path).Distinct().Count());
        Assert.All(result.Frames, f => Assert.Equal(25, FrameIdentity.Read(f.Path).Frame));
    }

    [Theory(Timeout = 60_000)]
    [InlineData(ExtractionStrategy.SeekInputs)]
    [InlineData(ExtractionStrategy.DecodePass)]
    public async Task Cells_are_written_beside_the_images_at_the_cell_size(ExtractionStrategy strategy)
    {
        TimeSpan[] times = [TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(510), TimeSpan.FromMilliseconds(2500)];
        var request = new FrameRequest(times, 64, 36, FrameSelection.Exact) { Strategy = strategy, CellSize = (24, 16) };
        var folder = clips.NewFolder();

        var result = await _engine.Extractor.ExtractAsync(clips.Ramp, await ProbeRampAsync(), request, folder, TestContext.Current.CancellationToken);

        Assert.Equal(
            [Path.Combine(folder, "cells", "00001.jpg"), Path.Combine(folder, "cells", "00002.jpg"), Path.Combine(folder, "cells", "00003.jpg")],
            result.Frames.Select(f => f.CellPath));
        var cells = result.Frames.Select(f => FrameIdentity.Read(f.CellPath!)).ToList();
        Assert.All(cells, c => Assert.Equal((24, 16), (c.Width, c.Height)));
        Assert.Equal([12, 12, 62], cells.Select(c => c.Frame));
        Assert.Equal(result.Frames.Select(f => FrameIdentity.Read(f.Path).Frame), cells.Select(c => c.Frame));
    }

    [Fact(Timeout = 60_000)]
    public async Task Cells_are_left_out_unless_asked_for()
    {
        var result = await ExtractAsync(clips.Ramp, [TimeSpan.FromSeconds(1)], FrameSelection.Exact);

        Assert.Null(result.Frames[0].CellPath);
    }

    [Theory(Timeout = 60_000)]
    [InlineData(63, 37)]
    [InlineData(200, 50)]
    [InlineData(8, 8)]
    public async Task Images_have_exactly_the_requested_size(int width, int height)
    {
        var result = await ExtractAsync(clips.Ramp, [TimeSpan.FromSeconds(1)], FrameSelection.Exact, width: width, height: height);

        var image = FrameIdentity.Read(result.Frames[0].Path);
        Assert.Equal((width, height), (image.Width, image.Height));
        Assert.Equal(25, image.Frame);
    }

    [Fact(Timeout = 60_000)]
    public async Task An_anamorphic_source_is_written_at_its_display_size()
    {
        var probe = await _engine.Prober.ProbeAsync(clips.Anamorphic, TestContext.Current.CancellationToken);

        var result = await ExtractAsync(clips.Anamorphic, [TimeSpan.FromMilliseconds(500)], FrameSelection.Exact, probe: probe, width: probe.DisplayWidth, height: probe.DisplayHeight);

        var image = FrameIdentity.Read(result.Frames[0].Path);
        Assert.Equal((160, 90), (image.Width, image.Height));
    }

    [Fact(Timeout = 60_000)]
    public async Task Output_folder_holds_only_the_numbered_images()
    {
        var folder = clips.NewFolder();
        await File.WriteAllTextAsync(Path.Combine(folder, "00002.jpg"), "left from an earlier run", TestContext.Current.CancellationToken);

        var result = await _engine.Extractor.ExtractAsync(
            clips.Ramp, await ProbeRampAsync(), new FrameRequest([TimeSpan.Zero, TimeSpan.FromSeconds(2)], 32, 18, FrameSelection.Exact), folder, TestContext.Current.CancellationToken);

        Assert.Equal(["00001.jpg", "00002.jpg"], Directory.GetFileSystemEntries(folder).Select(Path.GetFileName).Order());
        Assert.Equal(50, FrameIdentity.Read(result.Frames[1].Path).Frame);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_missing_source_fails_as_resource_not_found()
    {
        var probe = await ProbeRampAsync();

        var error = await Assert.ThrowsAsync<FrameExtractionException>(() => ExtractAsync(Path.Combine(clips.Root, "gone.mp4"), [TimeSpan.Zero], FrameSelection.Exact, probe: probe));

        Assert.Equal("InvalidParameter.ResourceNotFound", error.Code);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_truncated_source_fails_as_content_bad_and_leaves_nothing_behind()
    {
        var folder = clips.NewFolder();
        var probe = await ProbeRampAsync();

        var error = await Assert.ThrowsAsync<FrameExtractionException>(() => _engine.Extractor.ExtractAsync(
            clips.Truncated, probe, new FrameRequest([TimeSpan.FromSeconds(1)], 32, 18, FrameSelection.Exact), folder, TestContext.Current.CancellationToken));

        Assert.Equal("InvalidParameter.ResourceContentBad", error.Code);
        Assert.DoesNotContain("moov", error.Message, StringComparison.Ordinal);
        Assert.NotNull(error.ToolOutput);
        Assert.Empty(Directory.GetFileSystemEntries(folder));
    }

    [Fact(Timeout = 60_000)]
    public async Task A_source_that_is_not_media_fails_as_content_bad()
    {
        var probe = await ProbeRampAsync();

        var error = await Assert.ThrowsAsync<FrameExtractionException>(() => ExtractAsync(clips.NotMedia, [TimeSpan.Zero], FrameSelection.NearestKeyframe, probe: probe));

        Assert.Equal("InvalidParameter.ResourceContentBad", error.Code);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_source_without_video_fails_as_content_bad()
    {
        var probe = await _engine.Prober.ProbeAsync(clips.AudioOnly, TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<FrameExtractionException>(() => ExtractAsync(clips.AudioOnly, [TimeSpan.Zero], FrameSelection.Exact, probe: probe));

        Assert.Equal("InvalidParameter.ResourceContentBad", error.Code);
    }

    private async Task<MediaProbe> ProbeRampAsync() => await _engine.Prober.ProbeAsync(clips.Ramp, TestContext.Current.CancellationToken);

    private async Task<ExtractionResult> ExtractAsync(
        string source,
        IReadOnlyList<TimeSpan> times,
        FrameSelection selection,
        ExtractionStrategy strategy = ExtractionStrategy.Auto,
        MediaProbe? probe = null,
        int width = 64,
        int height = 36)
    {
        probe ??= await ProbeRampAsync();
        var request = new FrameRequest(times, width, height, selection) { Strategy = strategy };
        return await _engine.Extractor.ExtractAsync(source, probe, request, clips.NewFolder(), TestContext.Current.CancellationToken);
    }
}
