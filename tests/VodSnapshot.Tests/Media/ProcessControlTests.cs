using System.Diagnostics;
using VodSnapshot.Media.Extraction;
using VodSnapshot.Media.Probing;
using VodSnapshot.Tests.TestSupport;
using VodSnapshot.ToolSentinel;

namespace VodSnapshot.Tests.Media;

/// <summary>
/// ffmpeg runs that hang or are no longer wanted are killed. A FIFO nobody writes to makes ffmpeg block in its open of
/// the source forever, like a source on a stalled network share.
/// </summary>
public sealed class ProcessControlTests(TestClips clips) : IClassFixture<TestClips>
{
    /// <summary>What the prober would say about the FIFO had it been a real file: constant rate, so no ffprobe scan runs first.</summary>
    private static readonly MediaProbe PipeProbe = new(
        HasVideo: true,
        Duration: TimeSpan.FromSeconds(4),
        SizeBytes: 0,
        Width: 160,
        Height: 90,
        DisplayWidth: 160,
        DisplayHeight: 90,
        FrameRate: 25,
        IsConstantFrameRate: true,
        StartTime: TimeSpan.Zero,
        KeyframeInterval: TimeSpan.FromSeconds(2),
        VideoCodec: "h264",
        FormatName: "mov,mp4,m4a,3gp,3g2,mj2");

    [Fact(Timeout = 60_000)]
    public async Task A_stalled_ffmpeg_is_killed_by_the_watchdog_within_the_stall_timeout()
    {
        var pipe = await MakeFifoAsync();
        using var engine = MediaEngine.WithStallTimeout(TimeSpan.FromSeconds(1));
        var watch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<FrameExtractionException>(() => engine.Extractor.ExtractAsync(
            pipe, PipeProbe, new FrameRequest([TimeSpan.FromSeconds(1)], 32, 18, FrameSelection.Exact), clips.NewFolder(), TestContext.Current.CancellationToken));

        Assert.Equal(FrameFailure.TimedOut, error.Kind);
        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5));
        Assert.Empty(FfmpegCli.RunningWith(pipe));
    }

    [Fact(Timeout = 60_000)]
    public async Task Cancelling_an_extraction_kills_ffmpeg()
    {
        var pipe = await MakeFifoAsync();
        using var engine = new MediaEngine();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var extraction = engine.Extractor.ExtractAsync(
            pipe, PipeProbe, new FrameRequest([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3)], 32, 18, FrameSelection.Exact), clips.NewFolder(), cancel.Token);

        await WaitUntilAsync(() => FfmpegCli.RunningWith(pipe).Count > 0);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => extraction);
        Assert.Empty(FfmpegCli.RunningWith(pipe));
    }

    [Fact(Timeout = 60_000)]
    public async Task A_stalled_ffprobe_is_killed_too()
    {
        var pipe = await MakeFifoAsync();
        using var engine = MediaEngine.WithStallTimeout(TimeSpan.FromSeconds(1));

        await Assert.ThrowsAsync<MediaProbeException>(() => engine.Prober.ProbeAsync(pipe, TestContext.Current.CancellationToken));

        Assert.Empty(FfmpegCli.RunningWith(pipe));
    }

    [Theory(Timeout = 60_000)]
    [InlineData(7)]
    [InlineData(0)]
    public async Task Every_tool_runs_at_the_configured_niceness(int niceness)
    {
        var pipe = await MakeFifoAsync();
        using var engine = new MediaEngine(new Dictionary<string, string?> { ["Niceness"] = niceness.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var extraction = engine.Extractor.ExtractAsync(
            pipe, PipeProbe, new FrameRequest([TimeSpan.FromSeconds(1)], 32, 18, FrameSelection.Exact), clips.NewFolder(), cancel.Token);

        await WaitUntilAsync(() => FfmpegCli.RunningWith(pipe).Count > 0);
        var running = FfmpegCli.PidsRunningWith(pipe).Select(NicenessOf).ToList();
        var sentinels = FfmpegCli.PidsRunningWith("VodSnapshot.ToolSentinel.dll").Select(NicenessOf).ToList();
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => extraction);

        // 0 leaves the tools at the service's own niceness.
        var expected = niceness == 0 ? NicenessOf(Environment.ProcessId) : niceness;
        Assert.NotEmpty(running);
        Assert.All(running, n => Assert.Equal(expected, n));
        // The sentinel, started by the same thread, keeps the service's niceness: it must end the tools promptly.
        Assert.NotEmpty(sentinels);
        Assert.All(sentinels, n => Assert.Equal(NicenessOf(Environment.ProcessId), n));
    }

    private static int NicenessOf(int pid) => int.Parse(ProcessIdentity.StatFields(pid)[16], System.Globalization.CultureInfo.InvariantCulture);

    private async Task<string> MakeFifoAsync()
    {
        var path = Path.Combine(clips.NewFolder(), "never-written.mp4");
        await FfmpegCli.RunAsync("mkfifo", [path], TestContext.Current.CancellationToken);
        return path;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(20), "The condition did not become true in time.");
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }
}
