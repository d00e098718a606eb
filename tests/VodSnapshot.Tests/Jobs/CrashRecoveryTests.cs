using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using VodSnapshot.Tests.TestSupport;

namespace VodSnapshot.Tests.Jobs;

/// <summary>
/// SQLite is the source of truth and Hangfire only the executor: the service runs as a real child process, is killed
/// (SIGKILL, with its ffmpeg children) in the middle of work, and started again on the same state folder.
/// </summary>
public sealed class CrashRecoveryTests(TestClips clips) : IClassFixture<TestClips>, IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("vodsnapshot-crash-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string State => Path.Combine(_root, "state");

    private Dictionary<string, string> Settings(CallbackReceiver receiver, string timeout = "00:00:05") => new()
    {
        ["Storage__Root"] = State,
        ["Media__Roots__0"] = Path.Combine(_root, "media"),
        ["Callback__Url"] = receiver.Url("/crash"),
        ["Callback__RetryDelay"] = "00:00:00.200",
        ["Callback__Timeout"] = timeout,
        // The submitted job's work and callback only (a cover job's recovery has a test of its own).
        ["Covers__Enabled"] = "false",
    };

    private async Task<string> RegisterAsync(HttpClient client)
    {
        var media = Directory.CreateDirectory(Path.Combine(_root, "media")).FullName;
        var path = Path.Combine(media, "ramp.mp4");
        File.Copy(clips.Ramp, path, overwrite: true);
        var (status, body) = await client.CallAsync("RegisterMedia", new Dictionary<string, string>
        {
            ["RegisterMetadatas"] = JsonSerializer.Serialize(new[] { new { FileURL = new Uri(path).AbsoluteUri, Title = "ramp" } }),
        }, ct: Ct);
        Assert.True(status == 200, body.ToString());
        return body.GetProperty("RegisteredMediaList")[0].GetProperty("MediaId").GetString()!;
    }

    [Fact(Timeout = 120_000)]
    public async Task A_job_killed_with_the_process_completes_after_restart_and_its_callback_arrives_once_as_success()
    {
        await using var receiver = await CallbackReceiver.StartAsync();
        string video, jobId, work;
        Stopwatch sinceCrash;
        await using (var first = await ServiceProcess.StartAsync(Settings(receiver), Ct))
        {
            video = await RegisterAsync(first.Client);
            // Four frames, then two seconds between extracting them and publishing them: the kill lands in that window.
            jobId = await first.Client.SubmitAsync(video, new Dictionary<string, string> { ["Count"] = "4", ["Interval"] = "1" },
                new Dictionary<string, string> { ["X-VodSnapshot-Fault"] = "delay=2" }, Ct);
            work = Path.Combine(State, "snapshots", video, ".work", jobId);
            await first.Client.WaitForJobAsync(jobId, j => j.GetProperty("Status").GetString() == "Running" && Jpegs(work).Count == 4, TimeSpan.FromSeconds(30), Ct);

            first.Kill();
            sinceCrash = Stopwatch.StartNew();
        }

        var published = Path.Combine(State, "snapshots", video, "snapshots", "normal");
        Assert.Equal(4, Jpegs(work).Count);
        Assert.Empty(Jpegs(published));
        Assert.Empty(receiver.All);

        await using var second = await ServiceProcess.StartAsync(Settings(receiver), Ct);
        var healthy = sinceCrash.Elapsed;
        var callback = await receiver.NextAsync(TimeSpan.FromSeconds(60), Ct);
        var crashToCallback = sinceCrash.Elapsed;

        Assert.Equal((jobId, "success"), (callback.Json.GetProperty("JobId").GetString(), callback.Json.GetProperty("Status").GetString()));
        Assert.Equal(4, callback.Json.GetProperty("SnapshotInfos")[0].GetProperty("SnapshotCount").GetInt32());
        var job = await second.Client.WaitForJobAsync(jobId, j => j.GetProperty("Deliveries").GetArrayLength() == 1
            && j.GetProperty("Deliveries")[0].GetProperty("Status").GetString() == "Delivered", TimeSpan.FromSeconds(10), Ct);
        Assert.Equal(("Succeeded", 2), (job.GetProperty("Status").GetString(), job.GetProperty("Runs").GetInt32()));
        Assert.Equal(1, job.GetProperty("Deliveries")[0].GetProperty("Attempts").GetInt32());
        Assert.Equal(
            ["-00001.jpg", "-00002.jpg", "-00003.jpg", "-00004.jpg"],
            Jpegs(published).Select(p => Path.GetFileName(p).Replace(jobId, string.Empty, StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.False(Directory.Exists(work));
        using var image = await second.Client.GetAsync(new Uri(TestHost.ImageUrl(callback.Json.GetProperty("SnapshotInfos")[0], 4)).PathAndQuery, Ct);
        Assert.Equal("image/jpeg", image.Content.Headers.ContentType?.MediaType);

        // At least once, but here exactly once: nothing else arrives for this job.
        await Task.Delay(TimeSpan.FromSeconds(1), Ct);
        Assert.Single(receiver.Mentioning(jobId));
        TestContext.Current.SendDiagnosticMessage(string.Create(CultureInfo.InvariantCulture,
            $"Crash to healthy restart: {healthy.TotalSeconds:0.00} s; crash to recovered callback: {crashToCallback.TotalSeconds:0.00} s (includes the job's 2 s injected delay)."));
    }

    [Fact(Timeout = 120_000)]
    public async Task A_final_jobs_callback_that_was_pending_when_the_process_died_is_delivered_after_restart()
    {
        await using var receiver = await CallbackReceiver.StartAsync();
        receiver.RespondWith(CallbackReceiver.Hang);
        string jobId;
        ReceivedCallback interrupted;
        await using (var first = await ServiceProcess.StartAsync(Settings(receiver, timeout: "00:01:00"), Ct))
        {
            var video = await RegisterAsync(first.Client);
            jobId = await first.Client.SubmitAsync(video, ct: Ct);
            interrupted = await receiver.NextAsync(TimeSpan.FromSeconds(30), Ct);
            var job = await first.Client.GetJsonAsync("/_emulator/jobs/" + jobId, Ct);
            Assert.Equal(("Succeeded", "Pending"), (job.Body.GetProperty("Status").GetString(), job.Body.GetProperty("Deliveries")[0].GetProperty("Status").GetString()));

            first.Kill();
        }

        var sinceCrash = Stopwatch.StartNew();
        await using var second = await ServiceProcess.StartAsync(Settings(receiver), Ct);
        var delivered = await receiver.NextAsync(TimeSpan.FromSeconds(30), Ct);
        var crashToCallback = sinceCrash.Elapsed;

        Assert.Equal(jobId, delivered.Json.GetProperty("JobId").GetString());
        Assert.Equal(interrupted.Body, delivered.Body);
        Assert.Equal(interrupted.Headers["X-VodSnapshot-Event-Id"], delivered.Headers["X-VodSnapshot-Event-Id"]);
        var after = await second.Client.WaitForDeliveryEndAsync(jobId, TimeSpan.FromSeconds(10), Ct);
        Assert.Equal("Delivered", after.GetProperty("Status").GetString());
        Assert.Equal([200], after.GetProperty("Attempts").EnumerateArray().Select(a => a.GetProperty("StatusCode").GetInt32()));
        TestContext.Current.SendDiagnosticMessage(string.Create(CultureInfo.InvariantCulture,
            $"Crash to redelivered pending callback: {crashToCallback.TotalSeconds:0.00} s."));
    }

    private static List<string> Jpegs(string folder) =>
        Directory.Exists(folder) ? [.. Directory.EnumerateFiles(folder, "*.jpg", SearchOption.AllDirectories)] : [];

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
