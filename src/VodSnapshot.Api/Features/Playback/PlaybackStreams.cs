using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using VodSnapshot.Api.Features.Media;
using VodSnapshot.Api.Features.Uploads;
using VodSnapshot.Api.Persistence;
using VodSnapshot.Api.Rpc;

namespace VodSnapshot.Api.Features.Playback;

/// <summary>
/// The one stream a video has here (vod-lifecycle §6.1, "No Transcoding"): the source itself, Definition <c>OD</c>,
/// Format its extension, served by the service at <see cref="PlaybackFilesEndpoint"/> with range requests, with the
/// probed duration, size, dimensions, bitrate and frame rate. Only <c>Normal</c> videos play, as for the vendor.
/// </summary>
public static class PlaybackStreams
{
    public const string Definition = "OD";

    /// <summary>The video, when it may be played; the vendor's <c>Forbidden.IllegalStatus</c> otherwise.</summary>
    public static Video Playable(Video video)
    {
        ArgumentNullException.ThrowIfNull(video);
        return video.Status == VideoStatus.Normal && video.SourcePath.Length > 0
            ? video
            : throw new RpcException(System.Net.HttpStatusCode.Forbidden, "Forbidden.IllegalStatus", $"Status of the video is illegal. Current Status is {video.Status}.");
    }

    /// <summary>The source's format as GetPlayInfo names it: its lower-case extension.</summary>
    public static string Format(Video video)
    {
        ArgumentNullException.ThrowIfNull(video);
        return MediaRegistry.SafeExtension(video.SourcePath).TrimStart('.');
    }

    /// <summary>Where the source is served: <c>{base}/{VideoId}/play/{VideoId}.{format}</c>.</summary>
    public static string PlayUrl(string baseUrl, Video video)
    {
        ArgumentNullException.ThrowIfNull(video);
        return $"{baseUrl.TrimEnd('/')}/{video.Id}/play/{video.Id}.{Format(video)}";
    }

    /// <summary>A stable id of the source stream (the vendor's JobId of the stream that produced it).</summary>
    public static string StreamJobId(Video video)
    {
        ArgumentNullException.ThrowIfNull(video);
        return Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes("source-stream:" + video.Id)));
    }

    public static string Seconds(double seconds) => seconds.ToString("0.0###", CultureInfo.InvariantCulture);

    public static object PlayInfo(string baseUrl, Video video)
    {
        ArgumentNullException.ThrowIfNull(video);
        return new
        {
            PlayURL = PlayUrl(baseUrl, video),
            Definition,
            Format = Format(video),
            Duration = Seconds(video.Probe.Duration.TotalSeconds),
            Width = (long)video.Probe.Width,
            Height = (long)video.Probe.Height,
            Size = video.Probe.SizeBytes,
            Bitrate = UploadEventBodies.Bitrate(video),
            Fps = video.Probe.FrameRate.ToString("0.###", CultureInfo.InvariantCulture),
            Encrypt = 0L,
            StreamType = "video",
            JobId = StreamJobId(video),
            Status = "Normal",
            NarrowBandType = "0",
            CreationTime = VendorTime.Format(video.CreationTime),
            ModificationTime = VendorTime.Format(video.ModificationTime),
        };
    }
}
