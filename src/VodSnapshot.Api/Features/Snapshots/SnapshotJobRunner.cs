using Hangfire;
using Microsoft.EntityFrameworkCore;
using VodSnapshot.Api.Features.Callbacks;
using VodSnapshot.Api.Features.Faults;
using VodSnapshot.Api.Features.Snapshots.Planning;
using VodSnapshot.Api.Features.Snapshots.WebVtt;
using VodSnapshot.Api.Persistence;
using VodSnapshot.Api.Storage;
using VodSnapshot.Media.Extraction;
using VodSnapshot.Media.Probing;
using VodSnapshot.Media.Sprites;

namespace VodSnapshot.Api.Features.Snapshots;

/// <summary>
/// Runs one snapshot job (a Hangfire job on the media queue): extracts the frames, composes sprites, moves the outputs
/// into place, records them and marks the job final in one transaction, then hands the event to the callback queue.
/// Reentrant: a final job is not redone, and outputs are written in a private folder and moved only when all exist,
/// so a re-run never leaves duplicate or half-written images and no partial set is ever reported as success.
/// Injected faults (<see cref="FaultSpec"/>) make it fail with a chosen code or wait before publishing.
/// </summary>
public sealed partial class SnapshotJobRunner(
    VodDbContext db,
    IFrameExtractor extractor,
    ISpriteComposer composer,
    SnapshotStore store,
    CallbackScheduler callbacks,
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

        var work = store.WorkFolder(job.VideoId, job.Id);
        CallbackDelivery? delivery;
        try
        {
            var spec = SnapshotJobSpec.FromJson(job.Spec);
            var outputs = await ProduceAsync(job, spec, work, cancellationToken);
            db.SnapshotImages.AddRange(outputs);
            job.Status = SnapshotJobStatus.Succeeded;
            job.CompleteTime = clock.GetUtcNow();
            // The event goes into the same transaction as the final state: a crash after it is committed still delivers.
            delivery = callbacks.Stage(db, job, spec, outputs);
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
            var (code, message) = e switch
            {
                SnapshotJobException failure => (failure.Code, failure.Message),
                FrameExtractionException failure => (failure.Code, failure.Message),
                _ => ("InternalError", "The snapshot job failed unexpectedly."),
            };
            LogFailed(logger, e, code);
            db.ChangeTracker.Clear();
            job = await db.SnapshotJobs.SingleAsync(j => j.Id == jobId, CancellationToken.None);
            job.Status = SnapshotJobStatus.Failed;
            job.ErrorCode = code;
            job.ErrorMessage = message;
            job.CompleteTime = clock.GetUtcNow();
            delivery = ReadSpec(job.Spec) is { } failedSpec ? callbacks.Stage(db, job, failedSpec, []) : null;
            await db.SaveChangesAsync(CancellationToken.None);
        }
        finally
        {
            TryDelete(work);
        }

        if (delivery is not null)
        {
            callbacks.Enqueue(delivery.Id);
        }
    }

    private async Task<List<SnapshotImage>> ProduceAsync(SnapshotJob job, SnapshotJobSpec spec, string work, CancellationToken ct)
    {
        if (spec.Faults?.FailWith is { } injected)
        {
            await DelayAsync(spec.Faults, ct);
            throw new SnapshotJobException(injected, $"Injected fault: the job was made to fail with {injected}.");
        }

        if (spec.TimesMs.Count == 0)
        {
            throw new SnapshotJobException(SnapshotPlan.OutsideVideoErrorCode, "No snapshot time lies inside the video.");
        }

        var video = await db.Videos.FindAsync([job.VideoId], ct)
            ?? throw new SnapshotJobException("InvalidVideo.NotFound", "The video does not exist.");
        if (!File.Exists(video.SourcePath))
        {
            throw new SnapshotJobException("InvalidParameter.ResourceNotFound", "The video's source file is gone.");
        }

        TryDelete(work);
        var framesFolder = Directory.CreateDirectory(Path.Combine(work, "frames")).FullName;
        var request = new FrameRequest(
            [.. spec.TimesMs.Select(t => TimeSpan.FromMilliseconds(t))],
            spec.Width,
            spec.Height,
            spec.FrameType == "intra" ? FrameSelection.NearestKeyframe : FrameSelection.Exact)
        {
            // Sprite cells come out of the same ffmpeg run, already small: composing then costs almost nothing,
            // where shrinking full-size frames in memory would cost about a second per 100 HD frames.
            CellSize = spec.Sprite is { } cells ? (cells.CellWidth, cells.CellHeight) : null,
        };
        var extraction = await extractor.ExtractAsync(video.SourcePath, ToProbe(video), request, framesFolder, ct);
        job.Strategy = extraction.Strategy;

        var moves = new List<(string From, SnapshotImage Image)>();
        foreach (var frame in extraction.Frames)
        {
            moves.Add((frame.Path, Image(job, SnapshotType.Normal, frame.Index, (long)frame.PresentationTime.TotalMilliseconds)));
        }

        if (spec.Sprite is { } sprite)
        {
            var layout = new SpriteSheetLayout(sprite.CellWidth, sprite.CellHeight, sprite.Columns, sprite.Lines, sprite.Padding, sprite.Margin);
            var spriteFolder = Directory.CreateDirectory(Path.Combine(work, "sprites")).FullName;
            var cellPaths = extraction.Frames.Select(f => f.CellPath ?? throw new SnapshotJobException("InternalError", "A sprite cell is missing.")).ToList();
            var result = await composer.ComposeAsync(cellPaths, layout, (sprite.R, sprite.G, sprite.B), keepCells: false, spriteFolder, ct);
            for (var i = 0; i < result.Sheets.Count; i++)
            {
                var first = extraction.Frames[i * layout.CellsPerSheet];
                moves.Add((result.Sheets[i], Image(job, SnapshotType.Sprite, i + 1, (long)first.PresentationTime.TotalMilliseconds)));
            }

            for (var i = 0; sprite.KeepCells && i < cellPaths.Count; i++)
            {
                moves.Add((cellPaths[i], Image(job, SnapshotType.SpriteOrigin, i + 1, (long)extraction.Frames[i].PresentationTime.TotalMilliseconds)));
            }

            if (spec.WebVtt is { } track)
            {
                moves.AddRange(await WebVttOutputs.WriteAsync(job, track, layout, extraction.Frames, video.DurationSeconds, work, ct));
            }
        }

        // An injected slow-down sits between work and publication: a crash or shutdown in it leaves finished but
        // unpublished outputs, which the next run must clear and redo.
        await DelayAsync(spec.Faults, ct);

        foreach (var (from, image) in moves)
        {
            var info = new FileInfo(from);
            if (!info.Exists || info.Length == 0)
            {
                throw new SnapshotJobException("InternalError", "An output image is missing.");
            }
        }

        foreach (var (from, image) in moves)
        {
            var target = store.FullPath(image.RelativePath);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Move(from, target, overwrite: true);
        }

        return [.. moves.Select(m => m.Image)];
    }

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

    private Task DelayAsync(FaultSpec? faults, CancellationToken ct) =>
        faults?.DelaySeconds is > 0 and var seconds ? Task.Delay(TimeSpan.FromSeconds(seconds), clock, ct) : Task.CompletedTask;

    private static SnapshotImage Image(SnapshotJob job, string type, int index, long presentationMs) => new()
    {
        JobId = job.Id,
        VideoId = job.VideoId,
        Type = type,
        Index = index,
        RelativePath = SnapshotStore.RelativePath(job.VideoId, job.Id, type, index),
        PresentationTimeMs = presentationMs,
    };

    public static MediaProbe ToProbe(Video video) => new(
        HasVideo: video.Status != VideoStatus.UploadFail,
        Duration: TimeSpan.FromSeconds(video.DurationSeconds),
        SizeBytes: video.SizeBytes,
        Width: video.Width,
        Height: video.Height,
        DisplayWidth: video.DisplayWidth,
        DisplayHeight: video.DisplayHeight,
        FrameRate: video.FrameRate,
        IsConstantFrameRate: video.IsConstantFrameRate,
        StartTime: TimeSpan.FromSeconds(video.StartTimeSeconds),
        KeyframeInterval: video.KeyframeIntervalSeconds is { } k ? TimeSpan.FromSeconds(k) : null,
        VideoCodec: video.VideoCodec,
        FormatName: video.FormatName ?? string.Empty);

    private static void TryDelete(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (IOException)
        {
            // A leftover work folder is harmless: the next run of the job clears it first.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Snapshot job succeeded with {Count} outputs using {Strategy}")]
    private static partial void LogSucceeded(ILogger logger, int count, string strategy);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Snapshot job failed with {Code}")]
    private static partial void LogFailed(ILogger logger, Exception exception, string code);
}

/// <summary>A job failure with the vendor-style code reported in the callback.</summary>
public sealed class SnapshotJobException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}
