using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using VodSnapshot.Api.Persistence;
using VodSnapshot.Tests.TestSupport;

namespace VodSnapshot.Tests.Covers;

/// <summary>
/// The vendor's automatic cover snapshots (vod-lifecycle §8) on the real stack: a registered video gets up to 8
/// keyframe covers from 5 ms, its middle one becomes CoverURL (never over one given or set meanwhile), GetVideoInfo and
/// ListSnapshots list them, a SnapshotComplete event without SubType carries CoverUrl; a failed cover job leaves the
/// video alone, and <c>Covers:Enabled=false</c> makes none. Images are checked by the ramp frame they show.
/// </summary>
public sealed class CoverSnapshotTests(TestClips clips) : IClassFixture<TestClips>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [Fact(Timeout = 120_000)]
    public async Task A_registered_video_gets_its_keyframe_covers_the_middle_one_as_CoverURL_and_a_cover_event()
    {
        await using var host = await TestHost.StartAsync(b => b.WithCallbackReceiver());
        var video = await host.RegisterAsync(clips.Ramp, """{"Extend":{"ticket":"c1"}}""", Ct);

        var cover = await host.Receiver.CoverEventOfAsync(video, Wait, Ct);

        // The ramp has keyframes at 0 s and 2 s only: two covers, frames 0 and 50; the second (floor(2/2)+1) is the cover.
        Assert.Equal("success", cover.GetProperty("Status").GetString());
        Assert.False(cover.TryGetProperty("SubType", out _));
        Assert.Equal("""{"ticket":"c1"}""", cover.GetProperty("Extend").GetString());
        var info = Assert.Single(cover.GetProperty("SnapshotInfos").EnumerateArray());
        Assert.Equal(("CoverSnapshot", 2, "success"), (info.GetProperty("SnapshotType").GetString(), info.GetProperty("SnapshotCount").GetInt32(), info.GetProperty("Status").GetString()));
        var jobId = info.GetProperty("JobId").GetString()!;
        Assert.Equal($"{video}/snapshots/covers/{jobId}-{{SnapshotCount}}.jpg", info.GetProperty("SnapshotFormat").GetString());
        var urls = new[] { TestHost.ImageUrl(info, 1), TestHost.ImageUrl(info, 2) };
        Assert.Equal(urls[1], cover.GetProperty("CoverUrl").GetString());
        Assert.Equal([0L, 2000L], info.GetProperty("SnapshotTimes").EnumerateArray().Select(t => t.GetInt64()));

        var (_, got) = await host.JsonAsync("GetVideoInfo", ("VideoId", video));
        Assert.Equal(urls[1], got.GetProperty("Video").GetProperty("CoverURL").GetString());
        Assert.Equal(urls, got.GetProperty("Video").GetProperty("Snapshots").GetProperty("Snapshot").EnumerateArray().Select(u => u.GetString()));

        // CoverSnapshot is ListSnapshots' default type, as for the vendor.
        foreach (var parameters in new[] { new[] { ("VideoId", video) }, [("VideoId", video), ("SnapshotType", "CoverSnapshot")] })
        {
            var (status, list) = await host.JsonAsync("ListSnapshots", parameters);
            Assert.Equal(200, status);
            var media = list.GetProperty("MediaSnapshot");
            Assert.Equal((jobId, 2L), (media.GetProperty("JobId").GetString(), media.GetProperty("Total").GetInt64()));
            Assert.Equal(urls, media.GetProperty("Snapshots").GetProperty("Snapshot").EnumerateArray().Select(s => s.GetProperty("Url").GetString()));
        }

        var (_, normal) = await host.JsonAsync("ListSnapshots", ("VideoId", video), ("SnapshotType", "NormalSnapshot"));
        Assert.Equal(0, normal.GetProperty("MediaSnapshot").GetProperty("Total").GetInt64());
        var frames = new List<FrameIdentity>();
        foreach (var url in urls)
        {
            frames.Add(FrameIdentity.Read(await host.DownloadAsync(url, Ct)));
        }

        Assert.Equal([(0, 160, 90), (50, 160, 90)], frames.Select(f => (f.Frame, f.Width, f.Height)));
    }

    [Fact(Timeout = 120_000)]
    public async Task A_video_with_many_keyframes_gets_eight_covers_evenly_spread_from_five_milliseconds()
    {
        var clip = Path.Combine(clips.NewFolder(), "gop8.mp4");
        // The ramp's colours (frame N: luma 26+2N), 100 frames at 25 fps, a keyframe every 8 frames (0.32 s): 13 keyframes.
        await FfmpegCli.RunAsync("ffmpeg",
        [
            "-hide_banner", "-nostdin", "-loglevel", "error", "-y",
            "-f", "lavfi", "-i", "color=c=black:s=160x90:r=25,format=yuv420p,geq=lum='26+2*N':cb='128+6*(1-2*mod(N,2))':cr=128",
            "-frames:v", "100", "-g", "8", "-keyint_min", "8", "-sc_threshold", "0", "-bf", "2",
            "-c:v", "libx264", "-preset", "veryfast", "-crf", "8", "-pix_fmt", "yuv420p", "-movflags", "+faststart", clip,
        ], Ct);
        await using var host = await TestHost.StartAsync(b => b.WithCallbackReceiver());
        var video = await host.RegisterAsync(clip, ct: Ct);

        var cover = await host.Receiver.CoverEventOfAsync(video, Wait, Ct);

        // Times 0.005 + i·(4 − 0.005)/8, each the keyframe (a multiple of 8 frames) nearest it.
        var expected = Enumerable.Range(0, 8).Select(i => NearestKeyframe(0.005 + (i * (4.0 - 0.005) / 8), 8)).ToList();
        Assert.Equal([0, 16, 24, 40, 48, 64, 72, 88], expected);
        var info = Assert.Single(cover.GetProperty("SnapshotInfos").EnumerateArray());
        Assert.Equal(8, info.GetProperty("SnapshotCount").GetInt32());
        var shown = new List<int>();
        for (var i = 1; i <= 8; i++)
        {
            shown.Add(FrameIdentity.Read(await host.DownloadAsync(TestHost.ImageUrl(info, i), Ct)).Frame);
        }

        Assert.Equal(expected, shown);
        // The middle one, floor(8/2)+1 = the 5th: frame 48.
        Assert.Equal(TestHost.ImageUrl(info, 5), cover.GetProperty("CoverUrl").GetString());
        var (_, got) = await host.JsonAsync("GetVideoInfo", ("VideoId", video));
        var coverUrl = got.GetProperty("Video").GetProperty("CoverURL").GetString()!;
        Assert.Equal(TestHost.ImageUrl(info, 5), coverUrl);
        Assert.Equal(48, FrameIdentity.Read(await host.DownloadAsync(coverUrl, Ct)).Frame);
        Assert.Equal(8, got.GetProperty("Video").GetProperty("Snapshots").GetProperty("Snapshot").GetArrayLength());
    }

    [Fact(Timeout = 120_000)]
    public async Task A_CoverURL_given_at_registration_is_kept_and_the_covers_are_still_listed()
    {
        await using var host = await TestHost.StartAsync(b => b.WithCallbackReceiver());
        const string given = "https://cdn.example.com/own-cover.jpg";
        var url = host.AddMedia(clips.Ramp, Guid.NewGuid().ToString("N") + ".mp4");
        var (status, registered) = await host.JsonAsync("RegisterMedia",
            ("RegisterMetadatas", JsonSerializer.Serialize(new[] { new { FileURL = url, Title = "own cover", CoverURL = given } })));
        Assert.Equal(200, status);
        var video = registered.GetProperty("RegisteredMediaList")[0].GetProperty("MediaId").GetString()!;

        var cover = await host.Receiver.CoverEventOfAsync(video, Wait, Ct);

        // The event reports the video's cover, which stays the caller's.
        Assert.Equal(given, cover.GetProperty("CoverUrl").GetString());
        var (_, got) = await host.JsonAsync("GetVideoInfo", ("VideoId", video));
        Assert.Equal(given, got.GetProperty("Video").GetProperty("CoverURL").GetString());
        Assert.Equal(2, got.GetProperty("Video").GetProperty("Snapshots").GetProperty("Snapshot").GetArrayLength());
        var (_, list) = await host.JsonAsync("ListSnapshots", ("VideoId", video));
        Assert.Equal(2, list.GetProperty("MediaSnapshot").GetProperty("Total").GetInt64());
    }

    [Fact(Timeout = 120_000)]
    public async Task A_CoverURL_set_by_UpdateVideoInfo_while_the_covers_are_made_is_not_overwritten_and_meanwhile_there_is_none()
    {
        // Every job waits 3 s between extracting and publishing: the update lands while the cover job runs.
        await using var host = await TestHost.StartAsync(b => b.WithCallbackReceiver().Set("Faults:DelaySeconds", "3"));
        var video = await host.RegisterAsync(clips.Ramp, ct: Ct);
        var jobId = await CoverJobIdAsync(host, video);
        using var client = host.CreateClient();
        await client.WaitForJobAsync(jobId, j => j.GetProperty("Status").GetString() == "Running" && j.GetProperty("Kind").GetString() == "Cover", Wait, Ct);

        // Meanwhile, as for the vendor: no cover, no cover list.
        var (_, during) = await host.JsonAsync("GetVideoInfo", ("VideoId", video));
        Assert.False(during.GetProperty("Video").TryGetProperty("CoverURL", out _));
        Assert.Empty(during.GetProperty("Video").GetProperty("Snapshots").GetProperty("Snapshot").EnumerateArray());
        Assert.Equal("UploadSucc", during.GetProperty("Video").GetProperty("Status").GetString());
        var (_, listed) = await host.JsonAsync("ListSnapshots", ("VideoId", video), ("SnapshotType", "CoverSnapshot"));
        Assert.Equal(0, listed.GetProperty("MediaSnapshot").GetProperty("Total").GetInt64());

        const string chosen = "https://cdn.example.com/chosen.jpg";
        var (updated, _) = await host.JsonAsync("UpdateVideoInfo", ("VideoId", video), ("CoverURL", chosen));
        Assert.Equal(200, updated);
        var view = await client.WaitForJobAsync(jobId, j => j.GetProperty("Status").GetString() == "Succeeded", Wait, Ct);

        Assert.Equal("Cover", view.GetProperty("Kind").GetString());
        var (_, after) = await host.JsonAsync("GetVideoInfo", ("VideoId", video));
        Assert.Equal(chosen, after.GetProperty("Video").GetProperty("CoverURL").GetString());
        Assert.Equal(2, after.GetProperty("Video").GetProperty("Snapshots").GetProperty("Snapshot").GetArrayLength());
        Assert.Equal(chosen, (await host.Receiver.CoverEventOfAsync(video, Wait, Ct)).GetProperty("CoverUrl").GetString());
    }

    [Fact(Timeout = 120_000)]
    public async Task A_failed_cover_job_sends_a_failed_cover_event_and_leaves_the_video_as_it_was()
    {
        await using var host = await TestHost.StartAsync(b => b.WithCallbackReceiver().Set("Faults:FailWith", "InternalError"));
        var video = await host.RegisterAsync(clips.Ramp, ct: Ct);

        var cover = await host.Receiver.CoverEventOfAsync(video, Wait, Ct);

        Assert.Equal(("fail", "InternalError"), (cover.GetProperty("Status").GetString(), cover.GetProperty("ErrorCode").GetString()));
        Assert.False(cover.TryGetProperty("CoverUrl", out _));
        Assert.False(cover.TryGetProperty("SnapshotInfos", out _));
        var (_, got) = await host.JsonAsync("GetVideoInfo", ("VideoId", video));
        Assert.Equal("UploadSucc", got.GetProperty("Video").GetProperty("Status").GetString());
        Assert.False(got.GetProperty("Video").TryGetProperty("CoverURL", out _));
        Assert.Empty(got.GetProperty("Video").GetProperty("Snapshots").GetProperty("Snapshot").EnumerateArray());
        var (status, list) = await host.JsonAsync("ListSnapshots", ("VideoId", video));
        Assert.Equal((200, 0L), (status, list.GetProperty("MediaSnapshot").GetProperty("Total").GetInt64()));
    }

    [Fact(Timeout = 120_000)]
    public async Task With_Covers_Enabled_false_a_video_gets_no_cover_job_no_CoverURL_and_no_cover_event()
    {
        await using var host = await TestHost.StartAsync(b => b.WithCallbackReceiver().Set("Covers:Enabled", "false"));
        var video = await host.RegisterAsync(clips.Ramp, ct: Ct);

        // A job submitted after the registration runs after anything the registration queued.
        var (jobId, snapshot) = await host.SnapshotAsync(video, new Dictionary<string, string> { ["SpecifiedOffsetTime"] = "1000" }, Ct);

        Assert.Equal("success", snapshot.GetProperty("Status").GetString());
        var jobs = await host.WithDbAsync(db => db.SnapshotJobs.Where(j => j.VideoId == video).Select(j => j.Id).ToListAsync(Ct));
        Assert.Equal([jobId], jobs);
        Assert.Empty(host.Receiver.CoverEvents(video));
        var (_, got) = await host.JsonAsync("GetVideoInfo", ("VideoId", video));
        Assert.False(got.GetProperty("Video").TryGetProperty("CoverURL", out _));
        Assert.Empty(got.GetProperty("Video").GetProperty("Snapshots").GetProperty("Snapshot").EnumerateArray());
        var (_, list) = await host.JsonAsync("ListSnapshots", ("VideoId", video));
        Assert.Equal(0, list.GetProperty("MediaSnapshot").GetProperty("Total").GetInt64());
    }

    [Fact(Timeout = 120_000)]
    public async Task An_audio_only_file_gets_no_cover_job()
    {
        await using var host = await TestHost.StartAsync(b => b.WithCallbackReceiver());
        var audio = await host.RegisterAsync(clips.AudioOnly, ct: Ct);

        var jobs = await host.WithDbAsync(db => db.SnapshotJobs.CountAsync(j => j.VideoId == audio, Ct));

        Assert.Equal(0, jobs);
    }

    /// <summary>The id of the video's cover job, staged with its registration.</summary>
    public static Task<string> CoverJobIdAsync(TestHost host, string videoId) =>
        host.WithDbAsync(db => db.SnapshotJobs.Where(j => j.VideoId == videoId && j.Kind == SnapshotJobKind.Cover).Select(j => j.Id).SingleAsync(Ct));

    /// <summary>The keyframe (a multiple of <paramref name="distance"/> frames at 25 fps) nearest <paramref name="seconds"/>, the earlier on a tie.</summary>
    private static int NearestKeyframe(double seconds, int distance)
    {
        var frame = seconds * 25;
        var before = (int)Math.Floor(frame / distance) * distance;
        return frame - before <= before + distance - frame ? before : before + distance;
    }
}
