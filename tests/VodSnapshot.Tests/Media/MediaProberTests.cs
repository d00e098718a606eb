using VodSnapshot.Media.Probing;
using VodSnapshot.Tests.TestSupport;

namespace VodSnapshot.Tests.Media;

/// <summary>The prober against real ffprobe on generated clips.</summary>
public sealed class MediaProberTests(TestClips clips) : IClassFixture<TestClips>, IDisposable
{
    private readonly MediaEngine _engine = new();

    public void Dispose() => _engine.Dispose();

    [Fact(Timeout = 60_000)]
    public async Task A_constant_rate_clip_reports_its_geometry_rate_and_keyframes()
    {
        var probe = await _engine.Prober.ProbeAsync(clips.Ramp, TestContext.Current.CancellationToken);

        Assert.True(probe.HasVideo);
        Assert.Equal((160, 90, 160, 90), (probe.Width, probe.Height, probe.DisplayWidth, probe.DisplayHeight));
        Assert.Equal(TimeSpan.FromSeconds(4), probe.Duration);
        Assert.Equal(25, probe.FrameRate);
        Assert.True(probe.IsConstantFrameRate);
        Assert.Equal(TimeSpan.FromSeconds(2), probe.KeyframeInterval);
        Assert.Equal(TimeSpan.Zero, probe.StartTime);
        Assert.Equal("h264", probe.VideoCodec);
        Assert.Equal(new FileInfo(clips.Ramp).Length, probe.SizeBytes);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_variable_rate_clip_is_not_constant_rate()
    {
        var probe = await _engine.Prober.ProbeAsync(clips.VariableRate, TestContext.Current.CancellationToken);

        Assert.True(probe.HasVideo);
        Assert.False(probe.IsConstantFrameRate);
        Assert.Equal(TimeSpan.FromSeconds(3), probe.KeyframeInterval);
    }

    [Fact(Timeout = 60_000)]
    public async Task An_anamorphic_clip_reports_its_display_size()
    {
        var probe = await _engine.Prober.ProbeAsync(clips.Anamorphic, TestContext.Current.CancellationToken);

        Assert.Equal((120, 90), (probe.Width, probe.Height));
        Assert.Equal((160, 90), (probe.DisplayWidth, probe.DisplayHeight));
    }

    [Fact(Timeout = 60_000)]
    public async Task A_transport_stream_reports_where_its_video_starts()
    {
        var probe = await _engine.Prober.ProbeAsync(clips.RampTransportStream, TestContext.Current.CancellationToken);

        Assert.True(probe.StartTime > TimeSpan.Zero);
        Assert.Equal("mpegts", probe.FormatName);
    }

    [Fact(Timeout = 60_000)]
    public async Task Audio_only_media_has_no_video_and_is_not_an_error()
    {
        var probe = await _engine.Prober.ProbeAsync(clips.AudioOnly, TestContext.Current.CancellationToken);

        Assert.False(probe.HasVideo);
        Assert.InRange(probe.Duration, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(1.2));
    }

    [Fact(Timeout = 60_000)]
    public async Task Bytes_that_are_not_media_fail_the_probe()
    {
        var error = await Assert.ThrowsAsync<MediaProbeException>(() => _engine.Prober.ProbeAsync(clips.NotMedia, TestContext.Current.CancellationToken));

        Assert.NotNull(error.ToolOutput);
        Assert.DoesNotContain(clips.Root, error.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_missing_file_fails_the_probe()
    {
        await Assert.ThrowsAsync<MediaProbeException>(() => _engine.Prober.ProbeAsync(Path.Combine(clips.Root, "missing.mp4"), TestContext.Current.CancellationToken));
    }
}
