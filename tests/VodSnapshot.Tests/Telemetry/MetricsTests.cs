using System.Net.Http.Headers;
using System.Text.Json;
using VodSnapshot.Tests.TestSupport;

namespace VodSnapshot.Tests.Telemetry;

/// <summary>
/// <c>/metrics</c> of a real service process: the VodSnapshot meter's counters, gauges and histograms move as jobs,
/// callbacks and uploads happen, beside ASP.NET Core's and the runtime's own instruments. A process of its own, as in
/// production: OpenTelemetry keeps one stream per instrument name in a process, so services sharing a process (the
/// in-process test hosts) would share and drop each other's series.
/// </summary>
public sealed class MetricsTests(TestClips clips) : IClassFixture<TestClips>, IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("vodsnapshot-metrics-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact(Timeout = 180_000)]
    public async Task Jobs_callbacks_and_uploads_move_their_instruments()
    {
        await using var receiver = await CallbackReceiver.StartAsync();
        var media = Directory.CreateDirectory(Path.Combine(_root, "media")).FullName;
        await using var service = await ServiceProcess.StartAsync(new Dictionary<string, string>
        {
            ["Storage__Root"] = Path.Combine(_root, "state"),
            ["Media__Roots__0"] = media,
            ["Callback__Url"] = receiver.Url("/metrics-test"),
            // Only the jobs this test submits: no automatic cover job beside them.
            ["Covers__Enabled"] = "false",
        }, Ct);
        var client = service.Client;
        var before = await PrometheusText.ScrapeAsync(client, Ct);
        var video = await RegisterAsync(client, media);

        // A job held for a few seconds is counted as running while it runs.
        var held = await client.SubmitAsync(video, new Dictionary<string, string> { ["UserData"] = JsonSerializer.Serialize(new { VodSnapshotFault = "delay=4" }) }, ct: Ct);
        var during = await PrometheusText.UntilAsync(client, m => m.Sum("vodsnapshot_jobs_running") >= 1, TimeSpan.FromSeconds(30), Ct);
        await receiver.EventOfAsync(held, TimeSpan.FromSeconds(60), Ct);

        var succeededJob = await client.SubmitAsync(video, new Dictionary<string, string> { ["Count"] = "3", ["Interval"] = "1" }, ct: Ct);
        var succeeded = await receiver.EventOfAsync(succeededJob, TimeSpan.FromSeconds(60), Ct);
        var failedJob = await client.SubmitAsync(video, new Dictionary<string, string> { ["SpecifiedOffsetTime"] = "99999" }, ct: Ct);
        var failed = await receiver.EventOfAsync(failedJob, TimeSpan.FromSeconds(60), Ct);
        var uploaded = await UploadAsync(client);

        Assert.Equal(("success", "fail"), (succeeded.GetProperty("Status").GetString(), failed.GetProperty("Status").GetString()));
        var code = failed.GetProperty("ErrorCode").GetString()!;
        var after = await PrometheusText.UntilAsync(client, m => Grew(before, m, "vodsnapshot_callback_attempts_total", 3, ("outcome", "delivered")), TimeSpan.FromSeconds(30), Ct);
        Assert.Equal(1, during.Sum("vodsnapshot_jobs_running"));
        Assert.Equal(0, after.Sum("vodsnapshot_jobs_running"));
        Assert.Equal(3, after.Sum("vodsnapshot_jobs_submitted_total", ("type", "Normal")));
        Assert.Equal(2, after.Sum("vodsnapshot_jobs_succeeded_total", ("type", "Normal")));
        Assert.Equal(1, after.Sum("vodsnapshot_jobs_failed_total", ("type", "Normal"), ("error_code", code)));
        Assert.Equal(1 + 3, after.Sum("vodsnapshot_images_produced_total", ("type", "NormalSnapshot")));
        Assert.Equal(2, after.Sum("vodsnapshot_job_duration_seconds_count", ("type", "Normal"), ("status", "Succeeded")));
        Assert.Equal(2, after.Sum("vodsnapshot_extraction_duration_seconds_count"));
        Assert.Equal(3, after.Sum("vodsnapshot_callback_latency_seconds_count", ("outcome", "delivered")));
        Assert.Equal(1, after.Sum("vodsnapshot_uploads_total", ("source", "form")));
        Assert.Equal(uploaded, after.Sum("vodsnapshot_uploads_size_bytes_total", ("source", "form")));
        Assert.Equal(0, after.Sum("vodsnapshot_jobs_queued", ("queue", "media")));

        // Seconds, with buckets that resolve a held job (over 4 s) from a quick one.
        Assert.Equal(1, after.Sum("vodsnapshot_job_duration_seconds_bucket", ("status", "Succeeded"), ("le", "600"))
            - after.Sum("vodsnapshot_job_duration_seconds_bucket", ("status", "Succeeded"), ("le", "2.5")));

        // ASP.NET Core's and the runtime's own instruments beside the service's.
        Assert.True(after.Sum("http_server_request_duration_seconds_count", ("http_route", "/")) >= 4, after.Text);
        Assert.True(after.Has("dotnet_gc_collections_total") && after.Has("dotnet_process_cpu_time_seconds_total"), after.Text);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static bool Grew(PrometheusText before, PrometheusText after, string metric, double atLeast, params (string, string)[] labels) =>
        after.Sum(metric, labels) - before.Sum(metric, labels) >= atLeast;

    private async Task<string> RegisterAsync(HttpClient client, string media)
    {
        var path = Path.Combine(media, "ramp.mp4");
        File.Copy(clips.Ramp, path, overwrite: true);
        return await client.RegisterAsync(new Uri(path).AbsoluteUri, "ramp", null, Ct);
    }

    private async Task<long> UploadAsync(HttpClient client)
    {
        var bytes = await File.ReadAllBytesAsync(clips.Ramp, Ct);
        using var form = new MultipartFormDataContent();
        using var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("video/mp4");
        form.Add(file, "file", "ramp.mp4");
        form.Add(new StringContent("Uploaded ramp"), "Title");
        using var response = await client.PostAsync("/uploads", form, Ct);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(Ct));
        return bytes.Length;
    }
}
