using System.Globalization;
using VodSnapshot.Api.Persistence;
using VodSnapshot.Api.Rpc;

namespace VodSnapshot.Api.Features.Uploads;

/// <summary>
/// The bodies of the upload path's events (vod-lifecycle §2.6, §2.7), with the vendor's field names and types, plus
/// the extension field <c>EventId</c> that snapshot callbacks carry too.
/// </summary>
public static class UploadEventBodies
{
    public const string FileUploadComplete = "FileUploadComplete";
    public const string VideoAnalysisComplete = "VideoAnalysisComplete";

    public sealed record FileUploadCompleteEvent(string EventTime, string EventType, string VideoId, string Status, long Size, string FileUrl, string? Extend, string EventId);

    /// <summary>Numbers as strings, as the vendor's sample sends them; Width, Height and Fps only for a video stream.</summary>
    public sealed record VideoAnalysisCompleteEvent(
        string EventTime,
        string EventType,
        string VideoId,
        string Status,
        string? Width,
        string? Height,
        string? Duration,
        string? Bitrate,
        string? Fps,
        string Size,
        string? ErrorCode,
        string? ErrorMessage,
        string? Extend,
        string EventId);

    public static FileUploadCompleteEvent Uploaded(Video video, DateTimeOffset time, string eventId)
    {
        ArgumentNullException.ThrowIfNull(video);
        return new(VendorTime.Format(time), FileUploadComplete, video.Id, "success", video.Probe.SizeBytes, video.FileUrl, VideoEvents.Extend(video), eventId);
    }

    public static VideoAnalysisCompleteEvent Analysed(Video video, DateTimeOffset time, string eventId)
    {
        ArgumentNullException.ThrowIfNull(video);
        var size = video.Probe.SizeBytes.ToString(CultureInfo.InvariantCulture);
        if (video.ProbeError is not null)
        {
            return new(VendorTime.Format(time), VideoAnalysisComplete, video.Id, "fail", null, null, null, null, null, size,
                "InvalidParameter.ResourceContentBad", "The resource operated InputFile is bad", VideoEvents.Extend(video), eventId);
        }

        return new(VendorTime.Format(time), VideoAnalysisComplete, video.Id, "success",
            video.Probe.Width.ToString(CultureInfo.InvariantCulture),
            video.Probe.Height.ToString(CultureInfo.InvariantCulture),
            video.Probe.Duration.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture),
            Bitrate(video),
            video.Probe.FrameRate.ToString("0.###", CultureInfo.InvariantCulture),
            size, null, null, VideoEvents.Extend(video), eventId);
    }

    /// <summary>Average bitrate in Kbps with four decimals, as the vendor writes it (e.g. <c>992.7800</c>); null without a duration.</summary>
    public static string? Bitrate(Video video)
    {
        ArgumentNullException.ThrowIfNull(video);
        return video.Probe.Duration.TotalSeconds > 0
            ? (video.Probe.SizeBytes * 8 / video.Probe.Duration.TotalSeconds / 1000).ToString("0.0000", CultureInfo.InvariantCulture)
            : null;
    }
}
