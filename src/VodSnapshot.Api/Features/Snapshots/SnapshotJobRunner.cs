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
/// Reentrant: a final job is not redone, and outputs are written in a private folder and published only when all
/// exist, so a re-run never leaves duplicate or half-written images and no partial set is ever reported as success.
/// </summary>
public sealed partial class SnapshotJobRunner(
    VodDbContext db,
    IFrameExtractor extractor,
    ISpriteComposer composer,
    SnapshotStore store,
    DiskSpace disk,
    IBackgroundJobClient jobs,
    CallbackScheduler callbacks,
    JobFaultHooks faults,
    VodMetrics metrics,
    TimeProvider clock,
    ILogger<SnapshotJobRunner> logger)
{
    public const string Queue = "media";

    /// <summary>How long a job whose final state could not be stored waits before it is run again.</summary>
    public static readonly TimeSpan UnrecordedRetryDelay = TimeSpan.FromSeconds(5);

    [Queue(Queue)]
    [AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(string jobId, CancellationToken cancellationToken)
    {
        var job = await db.SnapshotJobs.FindAsync([jobId], cancellationToken);
        if (job is null || job.Status is SnapshotJobStatus.Succeeded or SnapshotJobStatus.Failed)
        {
            return;
        }

        var videoId = job.VideoId;
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["JobId"] = job.Id, ["VideoId"] = videoId });
        using var span = VodTracing.StartFrom("SnapshotJob", job.TraceParent, ActivityKind.Consumer)?.SetTag("vod.job_id", job.Id).SetTag("vod.video_id", videoId);
        using var running = metrics.JobRunning();
        CallbackDelivery? delivery;
        try
        {
            // Checked before any work, so a job is refused while it can still fail cleanly.
            if (disk.Check().Refusal is { } noRoom)
            {
                throw new SnapshotJobException(JobErrors.NoSpace, noRoom);
            }

            job.Status = SnapshotJobStatus.Running;
            job.StartTime = clock.GetUtcNow();
            job.Attempts++;
            await db.SaveChangesAsync(cancellationToken);

            var spec = SnapshotJobSpec.FromJson(job.Spec);
            var outputs = await ProduceAsync(job, spec, cancellationToken);
            db.SnapshotImages.AddRange(outputs);
            job.Status = SnapshotJobStatus.Succeeded;
            job.CompleteTime = clock.GetUtcNow();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            try
            {
                // A cover job's cover becomes the video's CoverURL with its final state, and its event says which it is.
                var coverUrl = job.Kind == SnapshotJobKind.Cover ? await CoverSnapshots.ApplyAsync(db, job, outputs, cancellationToken) : null;
                // The event goes into the same transaction as the final state: a crash after it is committed still delivers.
                delivery = Stage(job, spec, outputs, coverUrl);
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
            catch
            {
                // Only what the database holds stays published: no image is served without its row.
                store.Withdraw(outputs.Select(o => o.RelativePath));
                throw;
            }

            LogSucceeded(logger, outputs.Count, job.Strategy ?? "none");
            metrics.JobSucceeded(TypeOf(job, spec), RunTime(job));
            foreach (var kind in outputs.GroupBy(o => o.Type))
            {
                metrics.ImagesProduced(kind.Key, kind.Count());
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down: the job stays Running and is picked up again at the next start.
            throw;
        }
        catch (Exception e)
        {
            var (code, message) = JobFailure.Describe(e);
            LogFailed(logger, e, code);
            db.ChangeTracker.Clear();
            job = await db.SnapshotJobs.SingleOrDefaultAsync(j => j.Id == jobId, CancellationToken.None);
            if (job is null)
            {
                return;
            }

            job.Status = SnapshotJobStatus.Failed;
            job.ErrorCode = code;
            job.ErrorMessage = message;
            job.CompleteTime = clock.GetUtcNow();
            delivery = ReadSpec(job.Spec) is { } failedSpec ? Stage(job, failedSpec, []) : null;
            if (!await RecordFailureAsync(jobId))
            {
                return;
            }

            metrics.JobFailed(TypeOf(job, ReadSpec(job.Spec)), code, RunTime(job));
            span?.SetStatus(ActivityStatusCode.Error, code);
        }
        finally
        {
            store.DiscardWorkFolder(videoId, jobId);
        }

        if (delivery is { Status: CallbackDeliveryStatus.Pending })
        {
            callbacks.Enqueue(delivery.Id);
        }
    }

    /// <summary>
    /// Saves a failed job with its event. When the database refuses even that (a full disk), nothing of the job is
    /// final and no event exists: it is run again later, and that run ends it once (with the space refusal, or done).
    /// </summary>
    private async Task<bool> RecordFailureAsync(string jobId)
    {
        try
        {
            await db.SaveChangesAsync(CancellationToken.None);
            return true;
        }
        catch (Exception e) when (e is DbUpdateException or System.Data.Common.DbException)
        {
            LogUnrecorded(logger, e, UnrecordedRetryDelay.TotalSeconds);
            db.ChangeTracker.Clear();
            jobs.Schedule<SnapshotJobRunner>(r => r.RunAsync(jobId, CancellationToken.None), UnrecordedRetryDelay);
            return false;
        }
    }

    /// <summary>The steps of one run; answers the published outputs.</summary>
    private async Task<List<SnapshotImage>> ProduceAsync(SnapshotJob job, SnapshotJobSpec spec, CancellationToken ct)
    {
        await faults.BeforeWorkAsync(spec.Faults, ct);
        if (spec.TimesMs.Count == 0)
        {
            throw new SnapshotJobException(JobErrors.OutsideVideo, "No snapshot time lies inside the video.");
        }

        var video = await db.Videos.FindAsync([job.VideoId], ct)
            ?? throw new SnapshotJobException(JobErrors.VideoNotFound, "The video does not exist.");
        var work = store.NewWorkFolder(job.VideoId, job.Id);
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
        store.Publish([.. outputs.Select(o => (o.From, o.Image.RelativePath))]);
        return [.. outputs.Select(o => o.Image)];
    }

    /// <summary>The job's type as metrics name it: Cover for the automatic covers, else what its spec asks for.</summary>
    private static string TypeOf(SnapshotJob job, SnapshotJobSpec? spec) =>
        job.Kind == SnapshotJobKind.Cover ? "Cover" : spec?.Kind ?? "Unknown";

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

    [LoggerMessage(Level = LogLevel.Error, Message = "The failed job could not be recorded (the database refused the write); it runs again in {Seconds} s")]
    private static partial void LogUnrecorded(ILogger logger, Exception exception, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Snapshot job failed with {Code}")]
    private static partial void LogFailed(ILogger logger, Exception exception, string code);
}
