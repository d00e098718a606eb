using System.Diagnostics;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using VodSnapshot.Api.Features.Callbacks;
using VodSnapshot.Api.Features.Covers;
using VodSnapshot.Api.Features.Faults;
using VodSnapshot.Api.Features.Snapshots.Planning;
using VodSnapshot.Api.Persistence;
using VodSnapshot.Api.Storage;
using VodSnapshot.Api.Telemetry;
using VodSnapshot.Media.Extraction;
using VodSnapshot.Media.Sprites;

namespace VodSnapshot.Api.Features.Snapshots;

/// <summary>
/// Runs one snapshot job (a Hangfire job on the media queue): extracts the frames, composes sprites, publishes the
/// outputs, records them and marks the job final in one transaction, then hands the event to the callback queue.
/// Exactly one run at a time (<see cref="JobLeases"/>): a final or held job is not run, a run that lost its lease
/// writes nothing, and outputs are written in the run's own folder and published only when all exist, by the holder,
/// so a re-run never leaves duplicate or half-written images and no partial set is ever reported as success.
/// </summary>
public sealed partial class SnapshotJobRunner(
    VodDbContext db,
    IFrameExtractor extractor,
    ISpriteComposer composer,
    SnapshotStore store,
    DiskSpace disk,
    IBackgroundJobClient jobs,
    CallbackScheduler callbacks,
    JobLeases leases,
    JobFaultHooks faults,
    VodMetrics metrics,
    TimeProvider clock,
    ILogger<SnapshotJobRunner> logger)
{
    public const string Queue = "media";

    /// <summary>How long a job whose final state could not be stored waits before it is run again.</summary>
    public static readonly TimeSpan UnrecordedRetryDelay = TimeSpan.FromSeconds(5);

    /// <summary>Queues a run of the stored job <paramref name="jobId"/> on <paramref name="queue"/>.</summary>
    public static void Enqueue(IBackgroundJobClient queue, string jobId) =>
        queue.Enqueue<SnapshotJobRunner>(r => r.RunAsync(jobId, CancellationToken.None));

    [Queue(Queue)]
    [AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(string jobId, CancellationToken cancellationToken)
    {
        // Exactly one run at a time: a job that is final, or held by a live run on any node, is left alone.
        var run = leases.NewRun();
        if (!await leases.TryClaimAsync(db, jobId, run.Id, cancellationToken))
        {
            return;
        }

        var job = await db.SnapshotJobs.SingleAsync(j => j.Id == jobId, cancellationToken);
        var videoId = job.VideoId;
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["JobId"] = job.Id, ["VideoId"] = videoId, ["Run"] = run.Id });
        using var span = VodTracing.StartFrom("SnapshotJob", job.TraceParent, ActivityKind.Consumer)?.SetTag("vod.job_id", job.Id).SetTag("vod.video_id", videoId);
        using var running = metrics.JobRunning();
        CallbackDelivery? delivery = null;
        var final = false;
        var keeper = leases.Keep(jobId, run.Id, cancellationToken);
        try
        {
            // Checked before any work, so a job is refused while it can still fail cleanly.
            if (disk.Check().Refusal is { } noRoom)
            {
                throw new SnapshotJobException(JobErrors.NoSpace, noRoom);
            }

            var spec = SnapshotJobSpec.FromJson(job.Spec);
            var outputs = await ProduceAsync(job, spec, run, keeper.Token);
            await keeper.DisposeAsync();
            // Publication, images, final state and event in one transaction, only while this run holds the lease.
            var published = false;
            bool written;
            try
            {
                written = await JobLeases.WriteAsHolderAsync(db, jobId, run.Id, async () =>
                {
                    store.Publish([.. outputs.Select(o => (o.From, o.Image.RelativePath))]);
                    published = true;
                    List<SnapshotImage> images = [.. outputs.Select(o => o.Image)];
                    db.SnapshotImages.AddRange(images);
                    job.Status = SnapshotJobStatus.Succeeded;
                    job.CompleteTime = clock.GetUtcNow();
                    // A cover job's cover becomes the video's CoverURL with its final state, and its event says which it is.
                    var coverUrl = job.Kind == SnapshotJobKind.Cover ? await CoverSnapshots.ApplyAsync(db, job, images, CancellationToken.None) : null;
                    // The event goes into the same transaction as the final state: a crash after it is committed still delivers.
                    delivery = Stage(job, spec, images, coverUrl);
                    await db.SaveChangesAsync(CancellationToken.None);
                });
            }
            catch when (published)
            {
                // Only what the database holds stays published: no image is served without its row.
                store.Withdraw(outputs.Select(o => o.Image.RelativePath));
                throw;
            }

            if (!written)
            {
                LogLostLease(logger);
                return;
            }

            final = true;
            LogSucceeded(logger, outputs.Count, job.Strategy ?? "none");
            metrics.JobSucceeded(JobKind.Of(job, spec), RunTime(job));
            foreach (var kind in outputs.GroupBy(o => o.Image.Type))
            {
                metrics.ImagesProduced(kind.Key, kind.Count());
            }
        }
        catch (OperationCanceledException) when (keeper.Lost)
        {
            LogLostLease(logger);
            return;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down: the job stays Running, its lease given up, and is queued again by the next start or sweep.
            await leases.ReleaseAsync(jobId, run.Id);
            throw;
        }
        catch (Exception e)
        {
            var (code, message) = JobFailure.Describe(e);
            LogFailed(logger, e, code);
            db.ChangeTracker.Clear();
            var (outcome, staged, failed) = await RecordFailureAsync(jobId, run, code, message);
            if (outcome == FailureRecord.LostLease)
            {
                LogLostLease(logger);
            }

            if (outcome != FailureRecord.Written)
            {
                return;
            }

            delivery = staged;
            final = true;
            metrics.JobFailed(JobKind.Of(failed!, ReadSpec(failed!.Spec)), code, RunTime(failed));
            span?.SetStatus(ActivityStatusCode.Error, code);
        }
        finally
        {
            await keeper.DisposeAsync();
            // Once final, no run may claim the job again: the folders of earlier runs (of dead nodes) go with this one's.
            store.DiscardWorkFolder(videoId, jobId, final ? null : run.Folder);
        }

        if (delivery is { Status: CallbackDeliveryStatus.Pending })
        {
            callbacks.Enqueue(delivery.Id);
        }
    }

    private enum FailureRecord { Written, LostLease, Refused }

    /// <summary>
    /// Saves a failed job with its event, as the lease holder. When the database refuses even that (a full disk),
    /// nothing of the job is final and no event exists: the lease is given up and the job runs again later, and that
    /// run ends it once (with the space refusal, or done).
    /// </summary>
    private async Task<(FailureRecord Outcome, CallbackDelivery? Delivery, SnapshotJob? Job)> RecordFailureAsync(string jobId, JobRun run, string code, string message)
    {
        CallbackDelivery? delivery = null;
        SnapshotJob? failed = null;
        try
        {
            var written = await JobLeases.WriteAsHolderAsync(db, jobId, run.Id, async () =>
            {
                var job = failed = await db.SnapshotJobs.SingleAsync(j => j.Id == jobId, CancellationToken.None);
                job.Status = SnapshotJobStatus.Failed;
                job.ErrorCode = code;
                job.ErrorMessage = message;
                job.CompleteTime = clock.GetUtcNow();
                delivery = ReadSpec(job.Spec) is { } failedSpec ? Stage(job, failedSpec, []) : null;
                await db.SaveChangesAsync(CancellationToken.None);
            });
            return (written ? FailureRecord.Written : FailureRecord.LostLease, delivery, failed);
        }
        catch (Exception e) when (e is DbUpdateException or System.Data.Common.DbException)
        {
            LogUnrecorded(logger, e, UnrecordedRetryDelay.TotalSeconds);
            db.ChangeTracker.Clear();
            await leases.TryReleaseAsync(jobId, run.Id);
            jobs.Schedule<SnapshotJobRunner>(r => r.RunAsync(jobId, CancellationToken.None), UnrecordedRetryDelay);
            return (FailureRecord.Refused, null, null);
        }
    }

    /// <summary>The steps of one run, in its own work folder; answers the outputs, ready to publish.</summary>
    private async Task<List<JobOutput>> ProduceAsync(SnapshotJob job, SnapshotJobSpec spec, JobRun run, CancellationToken ct)
    {
        await faults.BeforeWorkAsync(spec.Faults, ct);
        if (spec.TimesMs.Count == 0)
        {
            throw new SnapshotJobException(JobErrors.OutsideVideo, "No snapshot time lies inside the video.");
        }

        var video = await db.Videos.FindAsync([job.VideoId], ct)
            ?? throw new SnapshotJobException(JobErrors.VideoNotFound, "The video does not exist.");
        var work = store.NewWorkFolder(job.VideoId, job.Id, run.Folder);
        var started = clock.GetTimestamp();
        ExtractionResult extraction;
        using (var extract = VodTracing.Source.StartActivity("Extract"))
        {
            extraction = await extractor.ExtractAsync(video.SourcePath, video.Probe, FrameRequestOf(spec), Path.Combine(work, "frames"), ct);
            extract?.SetTag("vod.strategy", extraction.Strategy).SetTag("vod.frames", extraction.Frames.Count);
        }

        job.Strategy = extraction.Strategy;
        (job.DecodedFrames, job.MinimumDecodedFrames) = (extraction.Decoding?.Decoded, extraction.Decoding?.Minimum);
        metrics.Extracted(extraction.Strategy, clock.GetElapsedTime(started), job.DecodedFrames, job.MinimumDecodedFrames);

        var sheets = spec.Sprite is { } sprite
            ? (await composer.ComposeAsync(
                JobOutputs.CellPaths(extraction.Frames), sprite.Layout, (sprite.Background.R, sprite.Background.G, sprite.Background.B), Path.Combine(work, "sprites"), ct)).Sheets
            : [];
        var outputs = job.Kind == SnapshotJobKind.Cover ? JobOutputs.Covers(job, extraction.Frames) : JobOutputs.List(job, extraction.Frames, spec.Sprite, sheets);
        if (spec is { Sprite: { } layout, WebVtt: { } track })
        {
            outputs.AddRange(await WebVttOutputs.WriteAsync(job, track, layout.Layout, extraction.Frames, video.Probe.Duration.TotalSeconds, work, ct));
        }

        await faults.BeforePublishAsync(spec.Faults, ct);
        return outputs;
    }

    /// <summary>From the run's start to its final state (zero for a job that failed before it started).</summary>
    private static TimeSpan RunTime(SnapshotJob job) => job.StartTime is { } start && job.CompleteTime is { } end ? end - start : TimeSpan.Zero;

    private static FrameRequest FrameRequestOf(SnapshotJobSpec spec) => new(
        [.. spec.TimesMs.Select(t => TimeSpan.FromMilliseconds(t))],
        spec.Width,
        spec.Height,
        spec.FrameType == SnapshotFrameType.Intra ? FrameSelection.NearestKeyframe : FrameSelection.Exact)
    {
        // Sprite cells come out of the same ffmpeg run, already small: composing then costs almost nothing,
        // where shrinking full-size frames in memory would cost about a second per 100 HD frames.
        CellSize = spec.Sprite is { } sprite ? (sprite.Layout.CellWidth, sprite.Layout.CellHeight) : null,
    };

    private CallbackDelivery? Stage(SnapshotJob job, SnapshotJobSpec spec, IReadOnlyList<SnapshotImage> images, string? coverUrl = null) =>
        callbacks.Stage(db, job, spec.CallbackUrl, spec.Extend, spec.Faults?.Callback, images, spec.CallbackNote, coverUrl);

    /// <summary>The spec of a job that failed, or null when the spec itself is what could not be read.</summary>
    private static SnapshotJobSpec? ReadSpec(string json)
    {
        try
        {
            return SnapshotJobSpec.FromJson(json);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidDataException)
        {
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Snapshot job succeeded with {Count} outputs using {Strategy}")]
    private static partial void LogSucceeded(ILogger logger, int count, string strategy);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Snapshot job run lost its lease to another run; it writes and publishes nothing")]
    private static partial void LogLostLease(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "The failed job could not be recorded (the database refused the write); it runs again in {Seconds} s")]
    private static partial void LogUnrecorded(ILogger logger, Exception exception, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Snapshot job failed with {Code}")]
    private static partial void LogFailed(ILogger logger, Exception exception, string code);
}
