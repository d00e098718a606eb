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
    public async Task Keyframes_cost_one_frame_each()
    {
        var result = await ExtractAsync(Clips.Ramp, [TimeSpan.FromSeconds(0.1), TimeSpan.FromSeconds(1.9), TimeSpan.FromSeconds(2.2)], FrameSelection.NearestKeyframe);

        var decoding = Assert.IsType<DecodeCount>(result.Decoding);
        Assert.Equal(2, decoding.Minimum);
        Assert.InRange(decoding.Decoded, 2, 4);
    }
}
