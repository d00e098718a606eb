using System.Collections.Concurrent;
using System.Diagnostics;
using VodSnapshot.Tests.TestSupport;

namespace VodSnapshot.Tests.Telemetry;

/// <summary>
/// One trace from the caller's request to the callback: the RPC call (joining the caller's traceparent), the job run
/// (a later Hangfire job, parented by the traceparent stored with the job), its extraction, and each callback attempt
/// (parented by the one stored with the delivery); and the same spans leaving by OTLP when an endpoint is configured.
/// </summary>
public sealed class TracingTests(TestClips clips) : IClassFixture<TestClips>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact(Timeout = 120_000)]
    public async Task A_job_and_its_callback_join_the_trace_of_the_call_that_submitted_it()
    {
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "VodSnapshot" or "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        await using var app = await TestHost.StartAsync(b => b.WithCallbackReceiver());
        var video = await app.RegisterAsync(clips.Ramp, ct: Ct);
        var traceId = ActivityTraceId.CreateRandom();
        var callerSpan = ActivitySpanId.CreateRandom();

        using var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("traceparent", $"00-{traceId}-{callerSpan}-01");
        var job = await client.SubmitAsync(video, new Dictionary<string, string> { ["Count"] = "2" }, ct: Ct);
        await app.Receiver.EventOfAsync(job, TimeSpan.FromSeconds(60), Ct);
        var callback = await UntilAsync(() => spans.FirstOrDefault(s => s.OperationName == "Callback" && Tag(s, "vod.job_id") == job), Ct);

        var ofTrace = spans.Where(s => s.TraceId == traceId).ToList();
        var rpc = Assert.Single(ofTrace, s => s.OperationName == "SubmitSnapshotJob");
        var run = Assert.Single(ofTrace, s => s.OperationName == "SnapshotJob");
        var extract = Assert.Single(ofTrace, s => s.OperationName == "Extract");
        Assert.Equal(traceId, callback.TraceId);
        Assert.Equal(job, Tag(rpc, "vod.job_id"));
        Assert.False(string.IsNullOrEmpty(Tag(rpc, "vod.request_id")));
        Assert.Equal(rpc.SpanId, run.ParentSpanId);
        Assert.Equal(job, Tag(run, "vod.job_id"));
        Assert.Equal(run.SpanId, extract.ParentSpanId);
        Assert.False(string.IsNullOrEmpty(Tag(extract, "vod.strategy")));
        Assert.Equal(run.SpanId, callback.ParentSpanId);
        Assert.Equal("200", Tag(callback, "http.response.status_code"));

        // The RPC span sits under the service's HTTP span, which continues the caller's.
        var http = Assert.Single(ofTrace, s => s.SpanId == rpc.ParentSpanId);
        Assert.Equal(callerSpan, http.ParentSpanId);
    }

    [Fact(Timeout = 120_000)]
    public async Task With_an_otlp_endpoint_spans_and_metrics_are_exported()
    {
        // A process of its own: OpenTelemetry keeps one metric stream per instrument name in a process.
        await using var collector = await CallbackReceiver.StartAsync();
        await using var receiver = await CallbackReceiver.StartAsync();
        var root = Directory.CreateTempSubdirectory("vodsnapshot-otlp-").FullName;
        try
        {
            var media = Directory.CreateDirectory(Path.Combine(root, "media")).FullName;
            await using var service = await ServiceProcess.StartAsync(new Dictionary<string, string>
            {
                ["Storage__Root"] = Path.Combine(root, "state"),
                ["Media__Roots__0"] = media,
                ["Callback__Url"] = receiver.Url("/otlp-test"),
                ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.BaseUrl,
                ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
                ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
                ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
            }, Ct);
            var path = Path.Combine(media, "ramp.mp4");
            File.Copy(clips.Ramp, path);
            var video = await service.Client.RegisterAsync(new Uri(path).AbsoluteUri, "ramp", null, Ct);
            var job = await service.Client.SubmitAsync(video, new Dictionary<string, string> { ["Count"] = "1" }, ct: Ct);
            await receiver.EventOfAsync(job, TimeSpan.FromSeconds(60), Ct);

            // OTLP's protobuf carries ids and names as plain bytes.
            var traces = await UntilAsync(() => Received(collector, "/v1/traces", job), Ct);
            var metrics = await UntilAsync(() => Received(collector, "/v1/metrics", "vodsnapshot.job.duration"), Ct);

            Assert.Contains("SnapshotJob", traces.Body, StringComparison.Ordinal);
            Assert.Equal("application/x-protobuf", traces.Headers["Content-Type"]);
            Assert.Contains("vodsnapshot.jobs.submitted", metrics.Body, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static ReceivedCallback? Received(CallbackReceiver collector, string path, string text)
    {
        lock (collector.All)
        {
            return collector.All.FirstOrDefault(c => c.Path == path && c.Body.Contains(text, StringComparison.Ordinal));
        }
    }

    private static string? Tag(Activity span, string name) => span.GetTagItem(name)?.ToString();

    private static async Task<T> UntilAsync<T>(Func<T?> find, CancellationToken ct)
        where T : class
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            if (find() is { } found)
            {
                return found;
            }

            Assert.True(DateTime.UtcNow < deadline, "Not seen within 30 s.");
            await Task.Delay(100, ct);
        }
    }
}
