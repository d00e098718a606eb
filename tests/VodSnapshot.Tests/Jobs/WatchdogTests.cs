using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using VodSnapshot.Api.Persistence;
using VodSnapshot.Media;
using VodSnapshot.Tests.TestSupport;

namespace VodSnapshot.Tests.Jobs;

/// <summary>
/// Ffmpeg:StallTimeout and Ffmpeg:ProcessTimeout drive the media engine's watchdog. A source replaced by a FIFO nobody
/// writes to makes ffmpeg block forever, like a source on a stalled network share.
/// </summary>
public sealed class WatchdogTests(TestClips clips) : IClassFixture<TestClips>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void The_watchdog_limits_have_one_name_each_in_the_ffmpeg_section()
    {
        using var plain = new TestHost();
        // The names of earlier versions are no longer read (a warning at start says so).
        using var named = TestHost.Create(b => b
            .Set("Ffmpeg:StallTimeout", "00:00:07").Set("Ffmpeg:ProcessTimeout", "00:02:00")
            .Set("Jobs:StallTimeout", "00:00:30").Set("Jobs:ProcessTimeout", "00:05:00"));

        var defaults = plain.Services.GetRequiredService<IOptions<FfmpegOptions>>().Value;
        var configured = named.Services.GetRequiredService<IOptions<FfmpegOptions>>().Value;

        Assert.Equal((TimeSpan.FromSeconds(60), TimeSpan.FromMinutes(10)), (defaults.StallTimeout, defaults.ProcessTimeout));
        Assert.Equal((TimeSpan.FromSeconds(7), TimeSpan.FromMinutes(2)), (configured.StallTimeout, configured.ProcessTimeout));
    }

    [Fact(Timeout = 60_000)]
    public async Task A_stalled_ffmpeg_is_killed_and_the_job_fails_cleanly_with_the_callback_saying_so()
    {
        // No cover job: it would race the swap of the source below and leave images of its own.
        await using var app = await TestHost.StartAsync(b => b.WithCallbackReceiver("/callback").Set("Ffmpeg:StallTimeout", "00:00:01").Set("Covers:Enabled", "false"));
        var receiver = app.Receiver;
        using var client = app.CreateClient();
        var video = await client.RegisterAsync(app.AddMedia(clips.Ramp, "stalls.mp4"), Ct);
        // Registered as a real clip, then swapped for a pipe: the job reads what the probe never saw.
        var source = Path.Combine(app.MediaRoot, "stalls.mp4");
        File.Delete(source);
        await FfmpegCli.RunAsync("mkfifo", [source], Ct);
        var watch = Stopwatch.StartNew();

        var jobId = await client.SubmitAsync(video, new Dictionary<string, string> { ["SpecifiedOffsetTime"] = "1000" }, ct: Ct);
        var snapshotEvent = (await receiver.NextAsync(TimeSpan.FromSeconds(30), Ct)).Json;
        var took = watch.Elapsed;
        var (_, job) = await client.GetJsonAsync("/_emulator/jobs/" + jobId, Ct);

        Assert.Equal(("fail", "SnapshotTimeOut"), (snapshotEvent.GetProperty("Status").GetString(), snapshotEvent.GetProperty("ErrorCode").GetString()));
        Assert.Contains("made no progress for 1 s", snapshotEvent.GetProperty("ErrorMessage").GetString(), StringComparison.Ordinal);
        Assert.Equal(("Failed", "SnapshotTimeOut"), (job.GetProperty("Status").GetString(), job.GetProperty("ErrorCode").GetString()));
        Assert.True(took < TimeSpan.FromSeconds(15), $"The watchdog took {took}.");
        Assert.Empty(FfmpegCli.RunningWith(source));
        Assert.False(Directory.Exists(Path.Combine(app.StateRoot, "snapshots", video)) && Directory.EnumerateFiles(Path.Combine(app.StateRoot, "snapshots", video), "*", SearchOption.AllDirectories).Any());
        await using var scope = app.Services.CreateAsyncScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<VodDbContext>().SnapshotImages.AnyAsync(i => i.JobId == jobId, Ct));
    }
}
