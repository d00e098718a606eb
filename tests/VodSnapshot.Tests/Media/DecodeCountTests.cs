using VodSnapshot.Media.Extraction;
using VodSnapshot.Tests.TestSupport;

namespace VodSnapshot.Tests.Media;

/// <summary>The frames an extraction decoded, against the least it could have, on the ramp clip (25 fps, a keyframe every 2 s).</summary>
public sealed class DecodeCountTests(TestClips clips) : ExtractionTests(clips)
{
    [Theory(Timeout = 60_000)]
    [InlineData(ExtractionStrategy.Auto)]
    [InlineData(ExtractionStrategy.SeekInputs)]
    [InlineData(ExtractionStrategy.DecodePass)]
    public async Task Exact_frames_report_what_was_decoded_and_the_floor_from_the_keyframes(ExtractionStrategy strategy)
    {
        // Frames 10 and 25 need frames 0..25 decoded (26), frame 75 needs 50..75 (26).
        var result = await ExtractAsync(Clips.Ramp, [TimeSpan.FromSeconds(0.4), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3)], FrameSelection.Exact, strategy);

        var decoding = Assert.IsType<DecodeCount>(result.Decoding);
        Assert.Equal(52, decoding.Minimum);
        Assert.InRange(decoding.Decoded, 52, TestClips.RampFrames);
    }

    [Fact(Timeout = 60_000)]
    public async Task Ranges_per_keyframe_interval_decode_one_frame_past_the_minimum_each()
    {
        // With seeks taken as free, frames 10 and 25 share the first interval's input and frame 75 gets its own; ffmpeg
        // decodes one frame past the last an input writes.
        var extractor = Engine.ExtractorWith(new ExtractionTuning { SeekCostAt1080p25 = TimeSpan.Zero });
        var times = new[] { TimeSpan.FromSeconds(0.4), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3) };
        var request = new FrameRequest(times, 64, 36, FrameSelection.Exact);

        var result = await extractor.ExtractAsync(Clips.Ramp, await ProbeRampAsync(), request, Clips.NewFolder(), TestContext.Current.CancellationToken);

        Assert.Equal("seek-inputs+seek-ranges", result.Strategy);
        Assert.Equal([10, 25, 75], result.Frames.Select(f => FrameIdentity.Read(f.Path).Frame));
        var decoding = Assert.IsType<DecodeCount>(result.Decoding);
        Assert.Equal(52, decoding.Minimum);
        Assert.InRange(decoding.Decoded, 52, 52 + 2);
    }

    [Fact(Timeout = 60_000)]
    public async Task Keyframes_cost_one_frame_each()
    {
        var result = await ExtractAsync(Clips.Ramp, [TimeSpan.FromSeconds(0.1), TimeSpan.FromSeconds(1.9), TimeSpan.FromSeconds(2.2)], FrameSelection.NearestKeyframe);

        var decoding = Assert.IsType<DecodeCount>(result.Decoding);
        Assert.Equal(2, decoding.Minimum);
        Assert.InRange(decoding.Decoded, 2, 4);
    }
}
