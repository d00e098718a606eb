using Hangfire;
using Microsoft.EntityFrameworkCore;
using VodSnapshot.Api.Features.Callbacks;
using VodSnapshot.Api.Features.Faults;
using VodSnapshot.Api.Features.Snapshots.Planning;
using VodSnapshot.Api.Persistence;
using VodSnapshot.Api.Storage;
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
    CallbackScheduler callbacks,
    JobLeases leases,
    JobFaultHooks faults,
    TimeProvider clock,
    ILogger<SnapshotJobRunner> logger)
{
    public const string Queue = "media";

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
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["JobId"] = job.Id, ["VideoId"] = job.VideoId, ["Run"] = run.Id });
        CallbackDelivery? delivery = null;
        var final = false;
        var keeper = leases.Keep(jobId, run.Id, cancellationToken);
        try
        {
            var spec = SnapshotJobSpec.FromJson(job.Spec);
            var outputs = await ProduceAsync(job, spec, run, keeper.Token);
            await keeper.DisposeAsync();
            // Publication, images, final state and event in one transaction, only while this run holds the lease.
            var written = await JobLeases.WriteAsHolderAsync(db, jobId, run.Id, async () =>
            {
                store.Publish([.. outputs.Select(o => (o.From, o.Image.RelativePath))]);
                db.SnapshotImages.AddRange(outputs.Select(o => o.Image));
                job.Status = SnapshotJobStatus.Succeeded;
                job.CompleteTime = clock.GetUtcNow();
                // The event goes into the same transaction as the final state: a crash after it is committed still delivers.
                delivery = Stage(job, spec, [.. outputs.Select(o => o.Image)]);
                await db.SaveChangesAsync(CancellationToken.None);
            });
            if (!written)
            {
                LogLostLease(logger);
                return;
            }

            final = true;
            LogSucceeded(logger, outputs.Count, job.Strategy ?? "none");
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
            var written = await JobLeases.WriteAsHolderAsync(db, jobId, run.Id, async () =>
            {
                job = await db.SnapshotJobs.SingleAsync(j => j.Id == jobId, CancellationToken.None);
                job.Status = SnapshotJobStatus.Failed;
                job.ErrorCode = code;
                job.ErrorMessage = message;
                job.CompleteTime = clock.GetUtcNow();
                delivery = ReadSpec(job.Spec) is { } failedSpec ? Stage(job, failedSpec, []) : null;
                await db.SaveChangesAsync(CancellationToken.None);
            });
            if (!written)
            {
                LogLostLease(logger);
                return;
            }

            final = true;
        }
        finally
        {
            await keeper.DisposeAsync();
            // Once final, no run may claim the job again: the folders of earlier runs (of dead nodes) go with this one's.
            store.DiscardWorkFolder(job.VideoId, job.Id, final ? null : run.Folder);
        }

        if (delivery is not null)
        {
            callbacks.Enqueue(delivery.Id);
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
        var extraction = await extractor.ExtractAsync(video.SourcePath, video.Probe, FrameRequestOf(spec), Path.Combine(work, "frames"), ct);
        job.Strategy = extraction.Strategy;

        var sheets = spec.Sprite is { } sprite
            ? (await composer.ComposeAsync(
                JobOutputs.CellPaths(extraction.Frames), sprite.Layout, (sprite.Background.R, sprite.Background.G, sprite.Background.B), keepCells: false, Path.Combine(work, "sprites"), ct)).Sheets
            : [];
        var outputs = JobOutputs.List(job, extraction.Frames, spec.Sprite, sheets);
        if (spec is { Sprite: { } layout, WebVtt: { } track })
        {
            outputs.AddRange(await WebVttOutputs.WriteAsync(job, track, layout.Layout, extraction.Frames, video.Probe.Duration.TotalSeconds, work, ct));
        }

        await faults.BeforePublishAsync(spec.Faults, ct);
        return outputs;
    }

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

    private CallbackDelivery? Stage(SnapshotJob job, SnapshotJobSpec spec, IReadOnlyList<SnapshotImage> images) =>
        callbacks.Stage(db, job, spec.CallbackUrl, spec.Extend, spec.Faults?.Callback, images);

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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Snapshot job failed with {Code}")]
    private static partial void LogFailed(ILogger logger, Exception exception, string code);
}
