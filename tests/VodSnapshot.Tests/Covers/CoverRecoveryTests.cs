using System.Text.Json;
using VodSnapshot.Tests.TestSupport;

namespace VodSnapshot.Tests.Covers;

/// <summary>
/// A cover job is a snapshot job like any other to the queues: the service is killed (SIGKILL, with its ffmpeg
/// children) while a new video's covers are being made, and started again on the same state folder; the covers are
/// made, CoverURL set and the cover event delivered.
/// </summary>
public sealed class CoverRecoveryTests(TestClips clips) : IClassFixture<TestClips>, IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("vodsnapshot-covers-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Dictionary<string, string> Settings(CallbackReceiver receiver) => new()
    {
        ["Storage__Root"] = Path.Combine(_root, "state"),
        ["Media__Roots__0"] = Path.Combine(_root, "media"),
        ["Callback__Url"] = receiver.Url("/covers"),
        ["Callback__RetryDelay"] = "00:00:00.200",
        // Two seconds between extracting the covers and publishing them: the kill lands in that window.
        ["Faults__DelaySeconds"] = "2",
    };

    [Fact(Timeout = 120_000)]
    public async Task A_cover_job_killed_with_the_process_completes_after_restart()
    {
        await using var receiver = await CallbackReceiver.StartAsync();
        var media = Directory.CreateDirectory(Path.Combine(_root, "media")).FullName;
        var path = Path.Combine(media, "ramp.mp4");
        File.Copy(clips.Ramp, path, overwrite: true);
        string video, jobId;
        await using (var first = await ServiceProcess.StartAsync(Settings(receiver), Ct))
        {
            var (status, body) = await first.Client.CallAsync("RegisterMedia", new Dictionary<string, string>
            {
                ["RegisterMetadatas"] = JsonSerializer.Serialize(new[] { new { FileURL = new Uri(path).AbsoluteUri, Title = "ramp" } }),
            }, ct: Ct);
            Assert.True(status == 200, body.ToString());
            video = body.GetProperty("RegisteredMediaList")[0].GetProperty("MediaId").GetString()!;
            var work = Path.Combine(_root, "state", "snapshots", video, ".work");
            // The cover job's frames are extracted (its work folder holds them) and it waits to publish.
            await WaitAsync(() => Directory.Exists(work) && Directory.EnumerateFiles(work, "*.jpg", SearchOption.AllDirectories).Count() == 2);
            jobId = Path.GetFileName(Directory.EnumerateDirectories(work).Single());
            var (_, running) = await first.Client.GetJsonAsync("/_emulator/jobs/" + jobId, Ct);
            Assert.Equal(("Cover", "Running"), (running.GetProperty("Kind").GetString(), running.GetProperty("Status").GetString()));
            first.Kill();
        }

        Assert.Empty(receiver.All);
        await using var second = await ServiceProcess.StartAsync(Settings(receiver), Ct);
        var cover = await receiver.CoverEventOfAsync(video, TimeSpan.FromSeconds(60), Ct);

        var info = Assert.Single(cover.GetProperty("SnapshotInfos").EnumerateArray());
        Assert.Equal((jobId, 2), (info.GetProperty("JobId").GetString(), info.GetProperty("SnapshotCount").GetInt32()));
        var job = await second.Client.WaitForJobAsync(jobId, j => j.GetProperty("Status").GetString() == "Succeeded", TimeSpan.FromSeconds(10), Ct);
        Assert.Equal(2, job.GetProperty("Runs").GetInt32());
        var (_, got) = await second.Client.CallAsync("GetVideoInfo", new Dictionary<string, string> { ["VideoId"] = video }, ct: Ct);
        var coverUrl = got.GetProperty("Video").GetProperty("CoverURL").GetString()!;
        Assert.Equal(TestHost.ImageUrl(info, 2), coverUrl);
        var jpeg = Path.Combine(_root, "cover.jpg");
        await File.WriteAllBytesAsync(jpeg, await second.Client.GetByteArrayAsync(new Uri(coverUrl).PathAndQuery, Ct), Ct);
        Assert.Equal(50, FrameIdentity.Read(jpeg).Frame);
        await Task.Delay(TimeSpan.FromSeconds(1), Ct);
        Assert.Single(receiver.CoverEvents(video));
    }

    private static async Task WaitAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The cover job did not reach its delay within 60 s.");
            await Task.Delay(50, Ct);
        }
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
