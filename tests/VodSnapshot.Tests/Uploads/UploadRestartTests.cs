using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using VodSnapshot.Tests.TestSupport;

namespace VodSnapshot.Tests.Uploads;

/// <summary>
/// The upload path survives a crash: the service runs as a real process, is killed (SIGKILL) while an upload's
/// analysis waits in the media queue or while a URL pull is half downloaded, and started again on the same state
/// folder. The work finishes, each event arrives exactly once and in the vendor's order, and nothing half-written stays.
/// </summary>
public sealed class UploadRestartTests(TestClips clips) : IClassFixture<TestClips>, IDisposable
{
    private static readonly TimeSpan EventWait = TimeSpan.FromSeconds(60);
    private readonly string _root = Directory.CreateTempSubdirectory("vodsnapshot-upload-crash-").FullName;
    private readonly UploadSample _sample = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string State => Path.Combine(_root, "state");

    private string Incoming => Path.Combine(State, "uploads", "incoming");

    private Dictionary<string, string> Settings(CallbackReceiver receiver, int? mediaWorkers = null)
    {
        var settings = new Dictionary<string, string>
        {
            ["Storage__Root"] = State,
            ["Media__Roots__0"] = Directory.CreateDirectory(Path.Combine(_root, "media")).FullName,
            ["Media__AllowRemoteUrls"] = "true",
            ["Media__AllowPrivateNetworks"] = "true",
            ["Callback__Url"] = receiver.Url("/events"),
            ["Callback__RetryDelay"] = "00:00:00.200",
            // The upload path's own events only: cover snapshots (and their event) have tests of their own.
            ["Covers__Enabled"] = "false",
        };
        if (mediaWorkers is { } workers)
        {
            settings["Jobs__MaxConcurrency"] = workers.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return settings;
    }

    [Fact(Timeout = 180_000)]
    public async Task An_upload_whose_analysis_was_queued_when_the_service_died_is_analysed_after_restart_with_each_event_once()
    {
        await _sample.InstallAsync();
        _sample.SkipUnlessInstalled();
        await using var receiver = await CallbackReceiver.StartAsync();
        string videoId;
        await using (var first = await ServiceProcess.StartAsync(Settings(receiver, mediaWorkers: 1), Ct))
        {
            // The one media worker is held by a snapshot job that waits, so the upload's analysis stays queued.
            var media = Path.Combine(_root, "media", "ramp.mp4");
            File.Copy(clips.Ramp, media, overwrite: true);
            var busy = await first.Client.RegisterAsync(new Uri(media).AbsoluteUri, Ct);
            var blocker = await first.Client.SubmitAsync(busy, null, new Dictionary<string, string> { ["X-VodSnapshot-Fault"] = "delay=30" }, Ct);
            await first.Client.WaitForJobAsync(blocker, j => j.GetProperty("Status").GetString() == "Running", TimeSpan.FromSeconds(30), Ct);

            var (status, created) = await first.Client.CallAsync("CreateUploadVideo", [new("Title", "crash upload"), new("FileName", "clip.mp4")], ct: Ct);
            Assert.True(status == 200, created.ToString());
            videoId = created.GetProperty("VideoId").GetString()!;
            var (put, _) = await _sample.RunScriptAsync(["oss-call.js", "put", clips.Ramp, created.GetProperty("UploadAddress").GetString()!, created.GetProperty("UploadAuth").GetString()!],
                [], TimeSpan.FromSeconds(60));
            Assert.Equal(200, put.GetProperty("result").GetProperty("status").GetInt32());
            await EventAsync(receiver, videoId, "FileUploadComplete");
            Assert.Equal("UploadSucc", await StatusAsync(first.Client, videoId));

            first.Kill();
        }

        Assert.DoesNotContain(receiver.Mentioning(videoId), c => c.Json.GetProperty("EventType").GetString() == "VideoAnalysisComplete");

        await using var second = await ServiceProcess.StartAsync(Settings(receiver), Ct);
        var analysed = await EventAsync(receiver, videoId, "VideoAnalysisComplete");
        Assert.Equal(("success", "160"), (analysed.GetProperty("Status").GetString(), analysed.GetProperty("Width").GetString()));
        Assert.Equal("Normal", await StatusAsync(second.Client, videoId));

        // Nothing more arrives for this video: one event per outcome, in the vendor's order.
        await Task.Delay(TimeSpan.FromSeconds(1), Ct);
        Assert.Equal(["FileUploadComplete", "VideoAnalysisComplete"], EventTypes(receiver, videoId));
    }

    [Fact(Timeout = 180_000)]
    public async Task A_URL_pull_cut_off_halfway_by_a_crash_is_pulled_again_after_restart_with_each_event_once()
    {
        var clip = await File.ReadAllBytesAsync(clips.Ramp, Ct);
        var halfSent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var requests = 0;
        await using var origin = await LoopbackServer.StartAsync(app => app.MapGet("/clips/ramp.mp4", async (HttpContext http) =>
        {
            http.Response.ContentType = "video/mp4";
            http.Response.ContentLength = clip.Length;
            if (Interlocked.Increment(ref requests) == 1)
            {
                // The first pull gets half the file, then nothing more until its client goes away.
                await http.Response.Body.WriteAsync(clip.AsMemory(0, clip.Length / 2), http.RequestAborted);
                await http.Response.Body.FlushAsync(http.RequestAborted);
                halfSent.TrySetResult();
                await Task.Delay(Timeout.Infinite, http.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                return;
            }

            await http.Response.Body.WriteAsync(clip, http.RequestAborted);
        }));
        await using var receiver = await CallbackReceiver.StartAsync();
        var url = origin.Url("/clips/ramp.mp4");
        string jobId;
        await using (var first = await ServiceProcess.StartAsync(Settings(receiver), Ct))
        {
            var (status, body) = await first.Client.CallAsync("UploadMediaByURL", [new("UploadURLs", Uri.EscapeDataString(url))], ct: Ct);
            Assert.True(status == 200, body.ToString());
            jobId = body.GetProperty("UploadJobs")[0].GetProperty("JobId").GetString()!;
            await halfSent.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);
            Assert.Equal("DOWNLOADING", (await InfoAsync(first.Client, jobId)).GetProperty("Status").GetString());
            Assert.NotEmpty(Directory.EnumerateFiles(Incoming));

            first.Kill();
        }

        Assert.Empty(receiver.All);

        await using var second = await ServiceProcess.StartAsync(Settings(receiver), Ct);
        var pulled = await EventAsync(receiver, jobId, "UploadByURLComplete");
        Assert.Equal("success", pulled.GetProperty("Status").GetString());
        Assert.Equal(clip.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), pulled.GetProperty("Size").GetString());
        var videoId = pulled.GetProperty("VideoId").GetString()!;
        await EventAsync(receiver, videoId, "VideoAnalysisComplete");
        var info = await InfoAsync(second.Client, jobId);
        for (var i = 0; i < 100 && info.GetProperty("Status").GetString() == "UPLOAD_SUCCESS"; i++)
        {
            await Task.Delay(100, Ct);
            info = await InfoAsync(second.Client, jobId);
        }

        Assert.Equal("SUCCESS", info.GetProperty("Status").GetString());
        Assert.Equal("Normal", await StatusAsync(second.Client, videoId));
        Assert.Equal(2, Volatile.Read(ref requests));
        // The half body of the dead process is gone; the stored source is the whole file.
        Assert.Empty(Directory.EnumerateFiles(Incoming));
        Assert.Equal(clip, await File.ReadAllBytesAsync(Assert.Single(Directory.EnumerateFiles(Path.Combine(State, "uploads"), videoId + ".*")), Ct));

        await Task.Delay(TimeSpan.FromSeconds(1), Ct);
        Assert.Equal(["FileUploadComplete", "UploadByURLComplete", "VideoAnalysisComplete"], EventTypes(receiver, videoId, jobId));
    }

    private static List<string> EventTypes(CallbackReceiver receiver, params string[] ids)
    {
        lock (receiver.All)
        {
            return [.. receiver.All.Where(c => ids.Any(id => c.Body.Contains(id, StringComparison.Ordinal))).Select(c => c.Json.GetProperty("EventType").GetString()!)];
        }
    }

    private static async Task<JsonElement> EventAsync(CallbackReceiver receiver, string id, string eventType)
    {
        var deadline = DateTime.UtcNow + EventWait;
        while (DateTime.UtcNow < deadline)
        {
            var found = receiver.Mentioning(id).Select(c => c.Json).FirstOrDefault(j => j.GetProperty("EventType").GetString() == eventType);
            if (found.ValueKind == JsonValueKind.Object)
            {
                return found;
            }

            await Task.Delay(100, Ct);
        }

        throw new TimeoutException($"No {eventType} event for {id} arrived.");
    }

    private static async Task<string> StatusAsync(HttpClient client, string videoId)
    {
        var (status, body) = await client.CallAsync("GetVideoInfo", [new("VideoId", videoId)], ct: Ct);
        Assert.True(status == 200, body.ToString());
        return body.GetProperty("Video").GetProperty("Status").GetString()!;
    }

    private static async Task<JsonElement> InfoAsync(HttpClient client, string jobId)
    {
        var (status, body) = await client.CallAsync("GetURLUploadInfos", [new("JobIds", jobId)], ct: Ct);
        Assert.True(status == 200, body.ToString());
        return body.GetProperty("URLUploadInfoList")[0];
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // Left in the temp area if something still holds a file.
        }
    }
}
