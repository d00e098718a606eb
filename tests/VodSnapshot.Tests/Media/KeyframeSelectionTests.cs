using VodSnapshot.Media.Extraction;
using VodSnapshot.Tests.TestSupport;

namespace VodSnapshot.Tests.Media;

/// <summary>Nearest-keyframe selection, decoded from keyframes only.</summary>
public sealed class KeyframeSelectionTests(TestClips clips) : ExtractionTests(clips)
{
    [Theory(Timeout = 60_000)]
    [InlineData(ExtractionStrategy.Auto)]
    [InlineData(ExtractionStrategy.SeekInputs)]
    [InlineData(ExtractionStrategy.DecodePass)]
    public async Task Nearest_keyframe_selection_writes_only_keyframes(ExtractionStrategy strategy)
    {
        TimeSpan[] times = [TimeSpan.Zero, TimeSpan.FromMilliseconds(900), TimeSpan.FromMilliseconds(1000), TimeSpan.FromMilliseconds(1100), TimeSpan.FromMilliseconds(3900)];

        var result = await ExtractAsync(Clips.Ramp, times, FrameSelection.NearestKeyframe, strategy);

        // 1.0 s lies halfway between the keyframes at 0 and 2 s: the earlier one wins.
        Assert.Equal([0, 0, 0, 50, 50], result.Frames.Select(f => FrameIdentity.Read(f.Path).Frame));
        Assert.Equal([TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2)], result.Frames.Select(f => f.PresentationTime));
        Assert.StartsWith("keyframes:", result.Strategy, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task Nearest_keyframe_selection_follows_a_variable_frame_rate()
    {
        var probe = await ProbeAsync(Clips.VariableRate);

        var result = await ExtractAsync(Clips.VariableRate, [TimeSpan.FromMilliseconds(1400), TimeSpan.FromMilliseconds(1600)], FrameSelection.NearestKeyframe, probe: probe);

        Assert.Equal([0, 50], result.Frames.Select(f => FrameIdentity.Read(f.Path).Frame));
        Assert.Equal([TimeSpan.Zero, TimeSpan.FromSeconds(3)], result.Frames.Select(f => f.PresentationTime));
    }
}
