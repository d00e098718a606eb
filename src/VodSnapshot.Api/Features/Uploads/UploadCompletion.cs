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
        var now = clock.GetUtcNow();
        video.SourcePath = sourcePath;
        video.SizeBytes = grant.ObjectSize ?? 0;
        video.Status = VideoStatus.UploadSucc;
        video.ProbeError = null;
        video.ModificationTime = now;
        var staged = events.Stage(db, video, UploadEventBodies.FileUploadComplete, id => UploadEventBodies.Uploaded(video, now, id));
        await db.SaveChangesAsync(cancellationToken);
        events.Enqueue(staged);
        var videoId = video.Id;
        jobs.Enqueue<UploadAnalysisJob>(j => j.RunAsync(videoId, CancellationToken.None));
    }
}
