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
/// Reentrant: a final job is not redone, and outputs are written in a private folder and published only when all
/// exist, so a re-run never leaves duplicate or half-written images and no partial set is ever reported as success.
/// </summary>
public sealed partial class SnapshotJobRunner(
    VodDbContext db,
    IFrameExtractor extractor,
    ISpriteComposer composer,
    SnapshotStore store,
    CallbackScheduler callbacks,
    JobFaultHooks faults,
    TimeProvider clock,
    ILogger<SnapshotJobRunner> logger)
{
    public const string Queue = "media";

    [Queue(Queue)]
    [AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(string jobId, CancellationToken cancellationToken)
    {
        var job = await db.SnapshotJobs.FindAsync([jobId], cancellationToken);
        if (job is null || job.Status is SnapshotJobStatus.Succeeded or SnapshotJobStatus.Failed)
        {
            return;
        }

        using var scope = logger.BeginScope(new Dictionary<string, object> { ["JobId"] = job.Id, ["VideoId"] = job.VideoId });
        job.Status = SnapshotJobStatus.Running;
        job.StartTime = clock.GetUtcNow();
        job.Attempts++;
        await db.SaveChangesAsync(cancellationToken);

        CallbackDelivery? delivery;
        try
        {
            var spec = SnapshotJobSpec.FromJson(job.Spec);
            var outputs = await ProduceAsync(job, spec, cancellationToken);
            db.SnapshotImages.AddRange(outputs);
            job.Status = SnapshotJobStatus.Succeeded;
            job.CompleteTime = clock.GetUtcNow();
            // The event goes into the same transaction as the final state: a crash after it is committed still delivers.
            delivery = Stage(job, spec, outputs);
            await db.SaveChangesAsync(cancellationToken);
            LogSucceeded(logger, outputs.Count, job.Strategy ?? "none");
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
            job = await db.SnapshotJobs.SingleAsync(j => j.Id == jobId, CancellationToken.None);
            job.Status = SnapshotJobStatus.Failed;
            job.ErrorCode = code;
            job.ErrorMessage = message;
            job.CompleteTime = clock.GetUtcNow();
            delivery = ReadSpec(job.Spec) is { } failedSpec ? Stage(job, failedSpec, []) : null;
            await db.SaveChangesAsync(CancellationToken.None);
        }
        finally
        {
            store.DiscardWorkFolder(job.VideoId, job.Id);
        }

        if (delivery is not null)
        {
            callbacks.Enqueue(delivery.Id);
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
        var extraction = await extractor.ExtractAsync(video.SourcePath, video.Probe, FrameRequestOf(spec), Path.Combine(work, "frames"), ct);
        job.Strategy = extraction.Strategy;

        var sheets = spec.Sprite is { } sprite
            ? (await composer.ComposeAsync(
                JobOutputs.CellPaths(extraction.Frames), sprite.Layout, (sprite.Background.R, sprite.Background.G, sprite.Background.B), Path.Combine(work, "sprites"), ct)).Sheets
            : [];
        var outputs = JobOutputs.List(job, extraction.Frames, spec.Sprite, sheets);
        if (spec is { Sprite: { } layout, WebVtt: { } track })
        {
            outputs.AddRange(await WebVttOutputs.WriteAsync(job, track, layout.Layout, extraction.Frames, video.Probe.Duration.TotalSeconds, work, ct));
        }

        await faults.BeforePublishAsync(spec.Faults, ct);
        store.Publish([.. outputs.Select(o => (o.From, o.Image.RelativePath))]);
        return [.. outputs.Select(o => o.Image)];
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Snapshot job failed with {Code}")]
    private static partial void LogFailed(ILogger logger, Exception exception, string code);
}
