using Hangfire;
using VodSnapshot.Api.Persistence;

namespace VodSnapshot.Api.Features.Uploads;

/// <summary>
/// What happens when the object handed out to a video is complete in OSS (PutObject or CompleteMultipartUpload, vod-
/// lifecycle §2.5 step 2): the video points at the stored file, becomes <c>UploadSucc</c> with its size, and its
/// FileUploadComplete event is staged in the same save; then the analysis job is queued.
/// </summary>
public sealed class UploadCompletion(VodDbContext db, VideoEvents events, IBackgroundJobClient jobs, TimeProvider clock)
{
    /// <param name="grant">The (tracked) grant whose object was written; its object fields are already set.</param>
    /// <param name="sourcePath">Where the complete object is stored.</param>
    /// <param name="cancellationToken">The request's.</param>
    public async Task CompleteAsync(UploadGrant grant, string sourcePath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grant);
        var video = await db.Videos.FindAsync([grant.VideoId], cancellationToken)
            ?? throw new InvalidOperationException("A grant always belongs to a video.");
        await CompleteAsync(video, sourcePath, grant.ObjectSize ?? 0, null, cancellationToken);
    }

    /// <summary>
    /// The same for any complete source (an OSS object, a URL pull): <paramref name="stage"/> may add more rows to the
    /// same save (the URL pull's own job state) and answer one more event, queued after the FileUploadComplete.
    /// </summary>
    public async Task CompleteAsync(Video video, string sourcePath, long size, Func<VodDbContext, Video, VideoEventDelivery?>? stage, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(video);
        var now = clock.GetUtcNow();
        video.SourcePath = sourcePath;
        video.Probe = video.Probe with { SizeBytes = size };
        video.Status = VideoStatus.UploadSucc;
        video.ProbeError = null;
        video.ModificationTime = now;
        var staged = events.Stage(db, video, UploadEventBodies.FileUploadComplete, id => UploadEventBodies.Uploaded(video, now, id));
        var more = stage?.Invoke(db, video);
        await db.SaveChangesAsync(cancellationToken);
        events.Enqueue(staged);
        events.Enqueue(more);
        var videoId = video.Id;
        jobs.Enqueue<UploadAnalysisJob>(j => j.RunAsync(videoId, CancellationToken.None));
    }
}
