using System.Net.Http.Headers;
using System.Text.Json;
using VodSnapshot.Tests.TestSupport;

namespace VodSnapshot.Tests.Storage;

/// <summary>
/// The service on a real small file system (a 48 MiB tmpfs) that fills up while a job runs: only what the database
/// holds is published, each job ends with one event, DeleteVideo still frees space, new jobs are refused below the
/// floor and health says Degraded. Needs root (to mount); skipped with a message otherwise.
/// </summary>
public sealed class FullDiskTests(TestClips clips) : IClassFixture<TestClips>
{
    private const long Floor = 16L * 1024 * 1024;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact(Timeout = 180_000)]
    public async Task A_disk_that_fills_mid_job_leaves_no_unrecorded_images_one_event_and_a_way_out()
    {
        var (small, reason) = await SmallFileSystem.TryMountAsync(48, Ct);
        if (small is null)
        {
            Assert.Skip(reason!);
        }

        await using var disk = small;
        await using var receiver = await CallbackReceiver.StartAsync();
        // A global HTTP configuration of every event (seeded from Callback:Url), without which UserData URLs are not called.
        using var app = TestHost.Create(b => b.Set("Storage:Root", Path.Combine(disk.Path, "state"))
            .Set("Storage:MinFreeBytes", Floor.ToString(System.Globalization.CultureInfo.InvariantCulture)).Set("Callback:Url", receiver.Url("/global")));
        using var client = app.CreateClient();
        var video = await client.RegisterAsync(app.AddMedia(clips.Ramp), Ct);
        var uploaded = await UploadAsync(client, 2 * 1024 * 1024);
        var (_, healthy) = await client.GetJsonAsync("/healthz", Ct);
        Assert.Equal(("Healthy", "Ok"), (healthy.GetProperty("Status").GetString(), healthy.GetProperty("Disk").GetProperty("Status").GetString()));

        // A job that pauses between extracting and publishing; the disk fills during the pause.
        var job = await client.SubmitAsync(video, new Dictionary<string, string>
        {
            ["Count"] = "3",
            ["UserData"] = JsonSerializer.Serialize(new { MessageCallback = new { CallbackURL = receiver.Url() }, VodSnapshotFault = "delay=3" }),
        }, ct: Ct);
        // Each run works in a folder of its own under the job's work folder.
        var work = Path.Combine(app.StateRoot, "snapshots", video, ".work", job);
        await WaitUntilAsync(() => Directory.Exists(work) && Directory.EnumerateFiles(work, "*.jpg", SearchOption.AllDirectories).Any(), TimeSpan.FromSeconds(60));
        var filler = disk.Fill();

        var (degradedStatus, degraded) = await client.GetJsonAsync("/healthz", Ct);
        var jobsBefore = await app.WithDbAsync(db => Task.FromResult(db.SnapshotJobs.Count()));
        var (refusedStatus, refused) = await client.CallAsync("SubmitSnapshotJob", new Dictionary<string, string> { ["VideoId"] = video }, ct: Ct);
        var jobsAfter = await app.WithDbAsync(db => Task.FromResult(db.SnapshotJobs.Count()));
        Assert.Equal(200, degradedStatus);
        Assert.Equal(("Degraded", "Low"), (degraded.GetProperty("Status").GetString(), degraded.GetProperty("Disk").GetProperty("Status").GetString()));
        Assert.Contains("Storage:MinFreeBytes", degraded.GetProperty("Problem").GetString(), StringComparison.Ordinal);
        Assert.Equal((503, "ServiceUnAvailable"), (refusedStatus, refused.GetProperty("Code").GetString()));
        Assert.Contains("Storage:MinFreeBytes", refused.GetProperty("Message").GetString(), StringComparison.Ordinal);
        Assert.Equal(jobsBefore, jobsAfter);

        // The run ends (its work folder goes) without leaving a published image the database does not hold.
        await WaitUntilAsync(() => !Directory.Exists(work) || Directory.GetDirectories(work).Length == 0, TimeSpan.FromSeconds(60));
        Assert.Empty(OutputsOf(app, video, job));

        // DeleteVideo answers and frees the upload's space although the database could not grow.
        var (deleteStatus, deleted) = await client.CallAsync("DeleteVideo", new Dictionary<string, string> { ["VideoIds"] = uploaded }, ct: Ct);
        var (goneStatus, _) = await client.CallAsync("GetVideoInfo", new Dictionary<string, string> { ["VideoId"] = uploaded }, ct: Ct);
        Assert.True(deleteStatus == 200, deleted.ToString());
        Assert.Equal(404, goneStatus);
        Assert.Empty(Directory.GetFiles(Path.Combine(app.StateRoot, "uploads")));

        // The cut job ends once, with one event and no images: refused for space, or failed for the refused write.
        var final = await client.WaitForJobAsync(job, j => j.GetProperty("Status").GetString() is "Succeeded" or "Failed", TimeSpan.FromSeconds(60), Ct);
        await receiver.EventOfAsync(job, TimeSpan.FromSeconds(30), Ct);
        await Task.Delay(TimeSpan.FromSeconds(3), Ct);
        TestContext.Current.TestOutputHelper?.WriteLine($"The cut job ended {final.GetProperty("ErrorCode").GetString()}: {final.GetProperty("ErrorMessage").GetString()} (runs: {final.GetProperty("Runs").GetInt32()}).");
        Assert.Equal("Failed", final.GetProperty("Status").GetString());
        Assert.Contains(final.GetProperty("ErrorCode").GetString(), new[] { "ServiceUnAvailable", "InternalError" });
        Assert.Single(receiver.Mentioning(job));
        Assert.Empty(OutputsOf(app, video, job));

        // Space back: healthy again, and jobs run.
        File.Delete(filler);
        var (_, recovered) = await client.GetJsonAsync("/healthz", Ct);
        var next = await client.SubmitAsync(video, new Dictionary<string, string> { ["UserData"] = JsonSerializer.Serialize(new { MessageCallback = new { CallbackURL = receiver.Url() } }) }, ct: Ct);
        var done = await receiver.EventOfAsync(next, TimeSpan.FromSeconds(60), Ct);
        Assert.Equal("Healthy", recovered.GetProperty("Status").GetString());
        Assert.Equal("success", done.GetProperty("Status").GetString());
        Assert.Single(OutputsOf(app, video, next));
    }

    private static string[] OutputsOf(TestHost app, string video, string job)
    {
        var folder = Path.Combine(app.StateRoot, "snapshots", video, "snapshots");
        return Directory.Exists(folder) ? Directory.GetFiles(folder, job + "-*", SearchOption.AllDirectories) : [];
    }

    /// <summary>Uploads <paramref name="bytes"/> bytes that are no video (stored as UploadFail, but stored: space to free).</summary>
    private static async Task<string> UploadAsync(HttpClient client, int bytes)
    {
        using var form = new MultipartFormDataContent();
        using var file = new ByteArrayContent([.. Enumerable.Range(0, bytes).Select(i => (byte)(i * 31))]);
        file.Headers.ContentType = new MediaTypeHeaderValue("video/mp4");
        form.Add(file, "file", "ballast.mp4");
        form.Add(new StringContent("Ballast"), "Title");
        using var response = await client.PostAsync("/uploads", form, Ct);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        return body.GetProperty("VideoId").GetString()!;
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cts.CancelAfter(timeout);
        while (!condition())
        {
            await Task.Delay(20, cts.Token);
        }
    }
}
