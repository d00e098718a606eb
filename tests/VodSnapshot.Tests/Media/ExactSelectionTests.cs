using VodSnapshot.Media.Extraction;
using VodSnapshot.Tests.TestSupport;

namespace VodSnapshot.Tests.Media;

/// <summary>Exact selection: the frame a player shows at each time, checked by the colour of each written frame.</summary>
public sealed class ExactSelectionTests(TestClips clips) : ExtractionTests(clips)
{
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

    [Theory(Timeout = 60_000)]
    [InlineData(ExtractionStrategy.Auto)]
    [InlineData(ExtractionStrategy.SeekPerFrame)]
    [InlineData(ExtractionStrategy.SeekInputs)]
    [InlineData(ExtractionStrategy.DecodePass)]
    public async Task Exact_selection_writes_the_frame_shown_at_each_time(ExtractionStrategy strategy)
    {
        var result = await ExtractAsync(Clips.Ramp, ExactTimes, FrameSelection.Exact, strategy);

        var expected = ExactTimes.Select(t => (int)Math.Floor(t.TotalSeconds * TestClips.FrameRate)).ToList();
        Assert.Equal(expected, result.Frames.Select(f => FrameIdentity.Read(f.Path).Frame).ToList());
        Assert.Equal(expected.Select(n => TimeSpan.FromMilliseconds(40 * n)), result.Frames.Select(f => f.PresentationTime));
        Assert.Equal(ExactTimes, result.Frames.Select(f => f.RequestedTime));
        Assert.Equal(Enumerable.Range(1, ExactTimes.Length), result.Frames.Select(f => f.Index));
    }

    [Fact(Timeout = 60_000)]
    public async Task Seek_ranges_per_keyframe_interval_write_the_frame_shown_at_each_time()
    {
        // Seeks taken as free: one input per keyframe interval, each decoding from its keyframe to its last frame.
        var extractor = Engine.ExtractorWith(new ExtractionTuning { SeekCostAt1080p25 = TimeSpan.Zero });
        var request = new FrameRequest(ExactTimes, 64, 36, FrameSelection.Exact);

        var result = await extractor.ExtractAsync(Clips.Ramp, await ProbeRampAsync(), request, Clips.NewFolder(), TestContext.Current.CancellationToken);

        Assert.Contains("seek-ranges", result.Strategy, StringComparison.Ordinal);
        var expected = ExactTimes.Select(t => (int)Math.Floor(t.TotalSeconds * TestClips.FrameRate)).ToList();
        Assert.Equal(expected, result.Frames.Select(f => FrameIdentity.Read(f.Path).Frame).ToList());
        Assert.Equal(expected.Select(n => TimeSpan.FromMilliseconds(40 * n)), result.Frames.Select(f => f.PresentationTime));
    }

    [Fact(Timeout = 60_000)]
    public async Task Every_strategy_writes_the_same_images()
    {
        var times = ExactTimes[..6];
        var pixels = new List<List<double>>();
        foreach (var strategy in new[] { ExtractionStrategy.SeekPerFrame, ExtractionStrategy.SeekInputs, ExtractionStrategy.DecodePass })
        {
            var result = await ExtractAsync(Clips.Ramp, times, FrameSelection.Exact, strategy);
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

        var result = await ExtractAsync(Clips.Ramp, times, FrameSelection.Exact, width: width, height: height);

        Assert.Equal(Enumerable.Range(0, TestClips.RampFrames), result.Frames.Select(f => FrameIdentity.Read(f.Path).Frame));
    }

    [Fact(Timeout = 60_000)]
    public async Task Each_frame_matches_its_colour_closely()
    {
        var result = await ExtractAsync(Clips.Ramp, [TimeSpan.FromMilliseconds(400), TimeSpan.FromMilliseconds(3000)], FrameSelection.Exact);

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
        var probe = await ProbeAsync(Clips.VariableRate);
        Assert.False(probe.IsConstantFrameRate);
        TimeSpan[] times =
        [
            TimeSpan.Zero, TimeSpan.FromMilliseconds(999), TimeSpan.FromMilliseconds(1000), TimeSpan.FromMilliseconds(1079),
            TimeSpan.FromMilliseconds(1080), TimeSpan.FromMilliseconds(2990), TimeSpan.FromMilliseconds(3000),
            TimeSpan.FromTicks(30_199_990), TimeSpan.FromMilliseconds(3020), TimeSpan.FromMilliseconds(3970), TimeSpan.FromMilliseconds(3980),
        ];

        var result = await ExtractAsync(Clips.VariableRate, times, FrameSelection.Exact, strategy, probe);

        var expected = times.Select(t => Enumerable.Range(0, TestClips.RampFrames).Last(n => TestClips.VfrFrameTime(n) <= t)).ToList();
        Assert.Equal(expected, result.Frames.Select(f => FrameIdentity.Read(f.Path).Frame).ToList());
        Assert.Equal(expected.Select(TestClips.VfrFrameTime), result.Frames.Select(f => f.PresentationTime));
    }

    [Theory(Timeout = 60_000)]
    [InlineData(ExtractionStrategy.SeekInputs)]
    [InlineData(ExtractionStrategy.DecodePass)]
    public async Task Exact_selection_survives_a_container_that_seeks_late(ExtractionStrategy strategy)
    {
        var probe = await ProbeAsync(Clips.RampTransportStream);
        Assert.NotEqual(TimeSpan.Zero, probe.StartTime);
        TimeSpan[] times = [TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(1020), TimeSpan.FromMilliseconds(2460), TimeSpan.FromMilliseconds(3990)];

        var result = await ExtractAsync(Clips.RampTransportStream, times, FrameSelection.Exact, strategy, probe);

        Assert.Equal([12, 25, 61, 99], result.Frames.Select(f => FrameIdentity.Read(f.Path).Frame));
        Assert.Equal([480, 1000, 2440, 3960], result.Frames.Select(f => (int)f.PresentationTime.TotalMilliseconds));
    }

    [Fact(Timeout = 60_000)]
    public async Task A_time_past_the_last_frame_gets_the_last_frame()
    {
        var result = await ExtractAsync(Clips.Ramp, [TimeSpan.FromSeconds(3.5), TimeSpan.FromSeconds(9)], FrameSelection.Exact);

        Assert.Equal([87, 99], result.Frames.Select(f => FrameIdentity.Read(f.Path).Frame));
        Assert.Equal(TimeSpan.FromMilliseconds(3960), result.Frames[1].PresentationTime);
    }

    [Fact(Timeout = 60_000)]
    public async Task Video_ending_before_its_container_is_looked_up_instead_of_decoded_from_the_start()
    {
        var probe = await ProbeAsync(Clips.TrailingAudio);
        Assert.True(probe.IsConstantFrameRate);
        Assert.Equal(TimeSpan.FromSeconds(3), probe.Duration);

        var result = await ExtractAsync(Clips.TrailingAudio, [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2.5)], FrameSelection.Exact, probe: probe);

        Assert.Equal([25, 49], result.Frames.Select(f => FrameIdentity.Read(f.Path).Frame));
        Assert.Equal(TimeSpan.FromMilliseconds(1960), result.Frames[1].PresentationTime);
        Assert.EndsWith("+scanned", result.Strategy, StringComparison.Ordinal);
    }
}
