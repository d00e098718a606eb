using System.Diagnostics;
using System.Diagnostics.Metrics;
using Hangfire;

namespace VodSnapshot.Api.Telemetry;

/// <summary>
/// The service's own instruments, on the <c>VodSnapshot</c> meter (exported at <c>/metrics</c> and by OTLP). Names follow
/// OpenTelemetry's conventions (durations in seconds); Prometheus sees them as <c>vodsnapshot_jobs_submitted_total</c>,
/// <c>vodsnapshot_job_duration_seconds_bucket</c> and so on. One instance per service, made from its meter factory.
/// </summary>
public sealed class VodMetrics
{
    public const string MeterName = "VodSnapshot";

    /// <summary>The Hangfire queues whose waiting jobs <c>vodsnapshot.jobs.queued</c> counts.</summary>
    private static readonly string[] Queues = ["media", "events"];

    /// <summary>Seconds, from a fast callback (5 ms) to a long job (10 min); OpenTelemetry's default buckets are meant for milliseconds.</summary>
    private static readonly InstrumentAdvice<double> Seconds = new() { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600] };

    /// <summary>Decoded frames over the minimum: 1 is the least possible work.</summary>
    private static readonly InstrumentAdvice<double> Ratio = new() { HistogramBucketBoundaries = [1, 1.1, 1.25, 1.5, 2, 3, 5, 10, 25, 100] };

    private readonly Counter<long> _submitted;
    private readonly Counter<long> _succeeded;
    private readonly Counter<long> _failed;
    private readonly Histogram<double> _jobDuration;
    private readonly Histogram<double> _extractionDuration;
    private readonly Counter<long> _images;
    private readonly Histogram<double> _decodedRatio;
    private readonly UpDownCounter<long> _running;
    private readonly Counter<long> _callbackAttempts;
    private readonly Histogram<double> _callbackLatency;
    private readonly Counter<long> _uploads;
    private readonly Counter<long> _uploadBytes;

    public VodMetrics(IMeterFactory meters, JobStorage storage)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(MeterName);
        _submitted = meter.CreateCounter<long>("vodsnapshot.jobs.submitted", "{job}", "Snapshot jobs accepted by SubmitSnapshotJob, by job type.");
        _succeeded = meter.CreateCounter<long>("vodsnapshot.jobs.succeeded", "{job}", "Snapshot jobs that ended Succeeded, by job type.");
        _failed = meter.CreateCounter<long>("vodsnapshot.jobs.failed", "{job}", "Snapshot jobs that ended Failed, by job type and the vendor's error code.");
        _jobDuration = meter.CreateHistogram<double>("vodsnapshot.job.duration", "s", "From a job's start to its final state, by job type and status.", advice: Seconds);
        _extractionDuration = meter.CreateHistogram<double>("vodsnapshot.extraction.duration", "s", "Frame extraction (the ffmpeg runs) of one job, by strategy.", advice: Seconds);
        _images = meter.CreateCounter<long>("vodsnapshot.images.produced", "{image}", "Images published by snapshot jobs, by snapshot type.");
        _decodedRatio = meter.CreateHistogram<double>("vodsnapshot.frames.decoded_ratio", "1", "Frames a job decoded over the least it had to decode, by strategy.", advice: Ratio);
        _running = meter.CreateUpDownCounter<long>("vodsnapshot.jobs.running", "{job}", "Snapshot jobs running now.");
        _callbackAttempts = meter.CreateCounter<long>("vodsnapshot.callback.attempts", "{attempt}", "Callback POSTs, by outcome (delivered or failed).");
        _callbackLatency = meter.CreateHistogram<double>("vodsnapshot.callback.latency", "s", "From sending a callback to its answer's headers (or to giving up), by outcome.", advice: Seconds);
        _uploads = meter.CreateCounter<long>("vodsnapshot.uploads", "{upload}", "Media files received complete, by source (oss, url, form).");
        _uploadBytes = meter.CreateCounter<long>("vodsnapshot.uploads.size", "By", "Bytes of the media files received complete, by source.");
        meter.CreateObservableGauge("vodsnapshot.jobs.queued", () => QueueDepths(storage), "{job}", "Jobs waiting in each Hangfire queue of this service.");
    }

    public void JobSubmitted(string type) => _submitted.Add(1, new KeyValuePair<string, object?>("type", type));

    /// <summary>A job started running; dispose the answer when it stops, however it stops.</summary>
    public IDisposable JobRunning()
    {
        _running.Add(1);
        return new Release(() => _running.Add(-1));
    }

    public void JobSucceeded(string type, TimeSpan duration)
    {
        _succeeded.Add(1, new KeyValuePair<string, object?>("type", type));
        _jobDuration.Record(duration.TotalSeconds, new("type", type), new("status", "Succeeded"));
    }

    public void JobFailed(string type, string errorCode, TimeSpan duration)
    {
        _failed.Add(1, new("type", type), new("error_code", errorCode));
        _jobDuration.Record(duration.TotalSeconds, new("type", type), new("status", "Failed"));
    }

    /// <param name="strategy">The engine's strategy for the job.</param>
    /// <param name="duration">How long extraction took.</param>
    /// <param name="decodedFrames">Frames the engine decoded, when it reports them.</param>
    /// <param name="minimumFrames">The least it had to decode, when it reports it.</param>
    public void Extracted(string strategy, TimeSpan duration, long? decodedFrames = null, long? minimumFrames = null)
    {
        var tag = new KeyValuePair<string, object?>("strategy", strategy);
        _extractionDuration.Record(duration.TotalSeconds, tag);
        if (decodedFrames is { } decoded && minimumFrames is > 0 and var minimum)
        {
            _decodedRatio.Record((double)decoded / minimum, tag);
        }
    }

    public void ImagesProduced(string snapshotType, int count) => _images.Add(count, new KeyValuePair<string, object?>("type", snapshotType));

    public void CallbackAttempted(bool delivered, TimeSpan latency)
    {
        var outcome = new KeyValuePair<string, object?>("outcome", delivered ? "delivered" : "failed");
        _callbackAttempts.Add(1, outcome);
        _callbackLatency.Record(latency.TotalSeconds, outcome);
    }

    /// <param name="source"><c>oss</c>, <c>url</c> or <c>form</c>.</param>
    /// <param name="bytes">The file's size.</param>
    public void Uploaded(string source, long bytes)
    {
        var tag = new KeyValuePair<string, object?>("source", source);
        _uploads.Add(1, tag);
        _uploadBytes.Add(bytes, tag);
    }

    private static List<Measurement<long>> QueueDepths(JobStorage storage)
    {
        var monitoring = storage.GetMonitoringApi();
        var depths = new List<Measurement<long>>(Queues.Length);
        foreach (var queue in Queues)
        {
            try
            {
                depths.Add(new Measurement<long>(monitoring.EnqueuedCount(queue), new KeyValuePair<string, object?>("queue", queue)));
            }
            catch (ObjectDisposedException)
            {
                // A scrape while the service stops: no figure rather than a failed scrape.
            }
        }

        return depths;
    }

    private sealed class Release(Action release) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
            {
                release();
            }
        }
    }
}
