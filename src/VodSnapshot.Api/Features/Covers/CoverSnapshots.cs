using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using VodSnapshot.Api.Features.Callbacks;
using VodSnapshot.Api.Features.Faults;
using VodSnapshot.Api.Features.Snapshots;
using VodSnapshot.Api.Features.Snapshots.Planning;
using VodSnapshot.Api.Features.Uploads;
using VodSnapshot.Api.Persistence;
using VodSnapshot.Api.Storage;

namespace VodSnapshot.Api.Features.Covers;

/// <summary>
/// The automatic cover snapshots of a video (vod-lifecycle §8): when a video comes in playable (registered, or uploaded
/// and analysed) its cover job is staged in the same save as that state, as a snapshot job of kind
/// <see cref="SnapshotJobKind.Cover"/> that the snapshot runner runs like any other (so a restart recovers it). When it
/// succeeds, in the runner's transaction, its middle image becomes the video's CoverURL unless the video has one
/// (given by the caller, or set by UpdateVideoInfo meanwhile). A failed cover job fails only itself.
/// </summary>
public sealed partial class CoverSnapshots(
    IOptions<CoverOptions> options,
    IOptions<SnapshotOptions> snapshots,
    IOptions<CallbackOptions> callback,
    IOptions<FaultOptions> faultOptions,
    PublicAddress addresses,
    IBackgroundJobClient jobs,
    JobLeases leases,
    TimeProvider clock,
    ILogger<CoverSnapshots> logger)
{
    /// <summary>
    /// Adds the cover job of <paramref name="video"/> to <paramref name="db"/> (saved by the caller, with the video's new
    /// state); null when covers are off or the video has no picture to take.
    /// </summary>
    /// <param name="requestBase">The base URI of the request that brought the video in, or null (see <see cref="PublicAddress"/>).</param>
    public async Task<SnapshotJob?> StageAsync(VodDbContext db, Video video, Uri? requestBase, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(video);
        if (!options.Value.Enabled || !video.Probe.HasVideo || !VideoStatus.AllowsSnapshots(video.Status))
        {
            return null;
        }

        // The event goes where the video's own snapshot events go: its registration UserData URL, else the global one.
        var route = await CallbackRoute.ForVideoAsync(db, MessageCallbackSettings.SnapshotComplete, null, video, callback.Value.VendorUserDataRule, ct);
        // The configured faults apply to every job (no request brings its own here).
        var faults = faultOptions.Value.ToSpec();
        var spec = CoverPlan.Request(video.Probe, snapshots.Value.MaxSnapshotsPerJob)
            .Resolve(video, snapshots.Value, VideoEvents.Extend(video), route.Url) with { CallbackNote = route.NotSent, Faults = faults.IsEmpty ? null : faults };
        var job = new SnapshotJob
        {
            Id = Ids.New(),
            VideoId = video.Id,
            Kind = SnapshotJobKind.Cover,
            Status = SnapshotJobStatus.Submitted,
            Spec = spec.ToJson(),
            PublicBaseUrl = addresses.Base(requestBase),
            CreationTime = clock.GetUtcNow(),
        };
        leases.StageUnqueued(job);
        db.SnapshotJobs.Add(job);
        if (route.NotSent is { } note)
        {
            LogNotSent(logger, job.Id, video.Id, note);
        }

        return job;
    }

    /// <summary>Queues a saved cover job (no-op for null).</summary>
    public async Task EnqueueAsync(SnapshotJob? job)
    {
        if (job is not null)
        {
            await leases.EnqueueAsync(jobs, job.Id);
        }
    }

    /// <summary>
    /// Inside the transaction that makes a cover job succeed: its middle image becomes the video's CoverURL, in one
    /// conditional statement, so a CoverURL given or set meanwhile is never overwritten. Answers the video's cover
    /// after that (the event's CoverUrl), or null when the job has no cover image.
    /// </summary>
    public static async Task<string?> ApplyAsync(VodDbContext db, SnapshotJob job, IReadOnlyList<SnapshotImage> images, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(images);
        var covers = images.Where(i => i.Type == SnapshotType.Cover).OrderBy(i => i.Index).ToList();
        if (covers.Count == 0)
        {
            return null;
        }

        var url = SnapshotStore.Url(job.PublicBaseUrl, covers[CoverPlan.CoverIndex(covers.Count) - 1].RelativePath);
        var videoId = job.VideoId;
        await db.Videos.Where(v => v.Id == videoId && v.CoverUrl == null).ExecuteUpdateAsync(set => set.SetProperty(v => v.CoverUrl, url), ct);
        return await db.Videos.AsNoTracking().Where(v => v.Id == videoId).Select(v => v.CoverUrl).SingleOrDefaultAsync(ct);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cover job {JobId} of video {VideoId} will send no SnapshotComplete callback: {Reason}")]
    private static partial void LogNotSent(ILogger logger, string jobId, string videoId, string reason);
}

/// <summary>What a video's cover job left: the CoverSnapshot URLs GetVideoInfo lists.</summary>
public static class CoverQueries
{
    /// <summary>The URLs of the images of the video's latest successful cover job, in order; none while it runs (or with covers off).</summary>
    public static async Task<List<string>> UrlsAsync(VodDbContext db, string videoId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var job = await db.SnapshotJobs.AsNoTracking()
            .Where(j => j.VideoId == videoId && j.Kind == SnapshotJobKind.Cover && j.Status == SnapshotJobStatus.Succeeded)
            .OrderByDescending(j => j.CreationTime)
            .Select(j => new { j.Id, j.PublicBaseUrl })
            .FirstOrDefaultAsync(ct);
        if (job is null)
        {
            return [];
        }

        var paths = await db.SnapshotImages.AsNoTracking()
            .Where(i => i.JobId == job.Id && i.Type == SnapshotType.Cover)
            .OrderBy(i => i.Index)
            .Select(i => i.RelativePath)
            .ToListAsync(ct);
        return [.. paths.Select(p => SnapshotStore.Url(job.PublicBaseUrl, p))];
    }
}
