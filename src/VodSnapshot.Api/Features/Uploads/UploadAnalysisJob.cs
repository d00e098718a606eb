using Hangfire;
using Microsoft.EntityFrameworkCore;
using VodSnapshot.Api.Features.Covers;
using VodSnapshot.Api.Features.Media;
using VodSnapshot.Api.Features.Snapshots;
using VodSnapshot.Api.Persistence;
using VodSnapshot.Media.Probing;

namespace VodSnapshot.Api.Features.Uploads;

/// <summary>
/// The analysis of an uploaded source (vod-lifecycle §2.5 step 3), on the media queue: ffprobe, then the status the
/// vendor reports next for a video that is not transcoded, <c>Normal</c>, or <c>TranscodeFail</c> when the file is no
/// playable video; the VideoAnalysisComplete event is staged with that state, and a playable video's cover job.
/// </summary>
public sealed partial class UploadAnalysisJob(VodDbContext db, IMediaProber prober, VideoEvents events, CoverSnapshots covers, TimeProvider clock, ILogger<UploadAnalysisJob> logger)
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
        var status = video.ProbeError is null ? VideoStatus.Normal : VideoStatus.TranscodeFail;
        await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
        // The analysis ends once: a run queued twice (a restart's recovery beside a queue that survived) finds the
        // video claimed and stages no second event.
        var claimed = await db.Videos.Where(v => v.Id == video.Id && v.Status == VideoStatus.UploadSucc)
            .ExecuteUpdateAsync(s => s.SetProperty(v => v.Status, status), CancellationToken.None);
        if (claimed == 0)
        {
            return;
        }

        video.Status = status;
        video.ModificationTime = now;
        var staged = await events.StageAsync(db, video, UploadEventBodies.VideoAnalysisComplete, id => UploadEventBodies.Analysed(video, now, id), CancellationToken.None);
        // The cover snapshots (vod-lifecycle §8) follow the analysis, in the same save.
        var cover = await covers.StageAsync(db, video, null, CancellationToken.None);
        await db.SaveChangesAsync(CancellationToken.None);
        await transaction.CommitAsync(CancellationToken.None);
        events.Enqueue(staged);
        await covers.EnqueueAsync(cover);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Uploaded source of {VideoId} is no playable video: {Reason}")]
    private static partial void LogUnplayable(ILogger logger, string videoId, string reason);
}
