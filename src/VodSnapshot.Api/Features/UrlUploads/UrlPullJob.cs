using Hangfire;
using Microsoft.Extensions.Options;
using VodSnapshot.Api.Features.Media;
using VodSnapshot.Api.Features.Snapshots;
using VodSnapshot.Api.Features.Uploads;
using VodSnapshot.Api.Persistence;
using VodSnapshot.Api.Rpc;
using VodSnapshot.Api.Storage;

namespace VodSnapshot.Api.Features.UrlUploads;

/// <summary>
/// Pulls one URL of UploadMediaByURL on the media queue (vod-lifecycle §4): DOWNLOADING through the remote-media
/// client (the network policy, <c>Media:MaxFileBytes</c>), then UPLOADING → UPLOAD_SUCCESS with the upload path's
/// completion (FileUploadComplete, analysis), and SUCCESS once UploadByURLComplete is staged; a failed download is
/// DOWNLOAD_FAIL, the video UploadFail, and a failed UploadByURLComplete.
/// </summary>
public sealed partial class UrlPullJob(
    VodDbContext db,
    IHttpClientFactory httpClients,
    UploadCompletion completion,
    VideoEvents events,
    IOptions<StorageOptions> storage,
    IOptions<MediaOptions> media,
    TimeProvider clock,
    ILogger<UrlPullJob> logger)
{
    public const string EventType = "UploadByURLComplete";

    [Queue(SnapshotJobRunner.Queue)]
    [AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(string jobId, CancellationToken cancellationToken)
    {
        var job = await db.Set<UrlUploadJob>().FindAsync([jobId], cancellationToken);
        if (job is null || job.Status is not (UrlUploadStatus.Pending or UrlUploadStatus.Downloading))
        {
            return;
        }

        var video = await db.Videos.FindAsync([job.VideoId], cancellationToken);
        if (video is null)
        {
            return;
        }

        job.Status = UrlUploadStatus.Downloading;
        await db.SaveChangesAsync(cancellationToken);
        var target = Path.Combine(storage.Value.UploadsFolder, video.Id + "." + job.Extension);
        var partial = Path.Combine(storage.Value.UploadsFolder, "incoming", Ids.New() + ".part");
        long size;
        try
        {
            size = await DownloadAsync(new Uri(job.UploadUrl), partial, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or InvalidDataException or IOException or TaskCanceledException)
        {
            File.Delete(partial);
            LogFailed(logger, job.UploadUrl, e.Message);
            await FailAsync(job, video, e.Message);
            return;
        }

        job.Status = UrlUploadStatus.Uploading;
        job.FileSize = size;
        File.Move(partial, target, overwrite: true);
        await completion.CompleteAsync(video, target, size, (context, completed) =>
        {
            var now = clock.GetUtcNow();
            job.Status = UrlUploadStatus.Success;
            job.CompleteTime = now;
            job.ErrorCode = "200";
            return events.Stage(context, completed, EventType, id => new Event(VendorTime.Format(now), EventType, completed.Id, job.JobId, job.UploadUrl, "success",
                size.ToString(System.Globalization.CultureInfo.InvariantCulture), null, null, VideoEvents.Extend(completed), id));
        }, cancellationToken);
    }

    private async Task<long> DownloadAsync(Uri url, string partial, CancellationToken ct)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(partial)!);
        var limit = media.Value.MaxFileBytes;
        using var response = await httpClients.CreateClient(MediaRegistry.RemoteClient).GetAsync(url, HttpCompletionOption.ResponseHeadersRead, ct);
        response.EnsureSuccessStatusCode();
        if (response.Content.Headers.ContentLength > limit)
        {
            throw new InvalidDataException("The remote file is larger than Media:MaxFileBytes.");
        }

        await using var input = await response.Content.ReadAsStreamAsync(ct);
        await using var output = File.Create(partial);
        await MediaRegistry.CopyBoundedAsync(input, output, limit, ct);
        return output.Length;
    }

    private async Task FailAsync(UrlUploadJob job, Video video, string reason)
    {
        var now = clock.GetUtcNow();
        job.Status = UrlUploadStatus.DownloadFail;
        job.CompleteTime = now;
        job.ErrorCode = "URLInvalidError";
        job.ErrorMessage = "download video failed by the url, please check it";
        video.Status = VideoStatus.UploadFail;
        video.ProbeError = reason;
        video.ModificationTime = now;
        var staged = events.Stage(db, video, EventType, id => new Event(VendorTime.Format(now), EventType, null, job.JobId, job.UploadUrl, "fail",
            null, job.ErrorCode, job.ErrorMessage, VideoEvents.Extend(video), id));
        await db.SaveChangesAsync(CancellationToken.None);
        events.Enqueue(staged);
    }

    /// <summary>The UploadByURLComplete body (vod-lifecycle §4.3); VideoId only on success, Size as a string.</summary>
    public sealed record Event(string EventTime, string EventType, string? VideoId, string JobId, string SourceURL, string Status,
        string? Size, string? ErrorCode, string? ErrorMessage, string? Extend, string EventId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "URL pull of {Url} failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string url, string reason);
}
