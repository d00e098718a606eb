using Hangfire;
using VodSnapshot.Api.Features.Media;
using VodSnapshot.Api.Features.Snapshots;
using VodSnapshot.Api.Persistence;
using VodSnapshot.Media.Probing;

namespace VodSnapshot.Api.Features.Uploads;

/// <summary>
/// The analysis of an uploaded source (vod-lifecycle §2.5 step 3), on the media queue: ffprobe, then the status the
/// vendor reports next for a video that is not transcoded, <c>Normal</c>, or <c>TranscodeFail</c> when the file is no
/// playable video; the VideoAnalysisComplete event is staged with that state.
/// </summary>
public sealed partial class UploadAnalysisJob(VodDbContext db, IMediaProber prober, VideoEvents events, TimeProvider clock, ILogger<UploadAnalysisJob> logger)
{
    [Queue(SnapshotJobRunner.Queue)]
    [AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(string videoId, CancellationToken cancellationToken)
    {
        var video = await db.Videos.FindAsync([videoId], cancellationToken);
        if (video is null || video.Status != VideoStatus.UploadSucc || video.SourcePath.Length == 0)
        {
            return;
        }

        try
        {
            MediaRegistry.Apply(video, await prober.ProbeAsync(video.SourcePath, cancellationToken));
        }
        catch (Exception e) when (e is MediaProbeException or IOException)
        {
            video.ProbeError = e.Message;
        }

        if (video.ProbeError is not null)
        {
            LogUnplayable(logger, video.Id, video.ProbeError);
        }

        var now = clock.GetUtcNow();
        video.Status = video.ProbeError is null ? VideoStatus.Normal : VideoStatus.TranscodeFail;
        video.ModificationTime = now;
        var staged = events.Stage(db, video, UploadEventBodies.VideoAnalysisComplete, id => UploadEventBodies.Analysed(video, now, id));
        await db.SaveChangesAsync(CancellationToken.None);
        events.Enqueue(staged);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Uploaded source of {VideoId} is no playable video: {Reason}")]
    private static partial void LogUnplayable(ILogger logger, string videoId, string reason);
}
