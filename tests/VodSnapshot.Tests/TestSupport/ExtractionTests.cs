using VodSnapshot.Media.Extraction;
using VodSnapshot.Media.Probing;

namespace VodSnapshot.Tests.TestSupport;

/// <summary>
/// Shared set-up for extractor tests: an engine per test and a folder per extraction. The tests are split over a few
/// classes because xunit runs the tests of one class one after another and those of different classes side by side.
/// </summary>
public abstract class ExtractionTests(TestClips clips) : IClassFixture<TestClips>, IDisposable
{
    protected TestClips Clips { get; } = clips;

    protected MediaEngine Engine { get; } = new();

    public void Dispose()
    {
        Engine.Dispose();
        GC.SuppressFinalize(this);
    }

    protected async Task<MediaProbe> ProbeAsync(string path) => await Engine.Prober.ProbeAsync(path, TestContext.Current.CancellationToken);

    protected Task<MediaProbe> ProbeRampAsync() => ProbeAsync(Clips.Ramp);

    protected async Task<ExtractionResult> ExtractAsync(
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
        return await Engine.Extractor.ExtractAsync(source, probe, request, Clips.NewFolder(), TestContext.Current.CancellationToken);
    }
}
