using Microsoft.Extensions.Options;
using VodSnapshot.Api.Features.Media;
using VodSnapshot.Api.Persistence;
using VodSnapshot.Api.Rpc;
using VodSnapshot.Api.Storage;

namespace VodSnapshot.Api.Features.Playback;

/// <summary>
/// <c>GetPlayInfo</c> (vod-lifecycle §6.1): the video's one stream (the source, Definition OD), filtered by Formats,
/// StreamType and Definition; a filter that leaves nothing answers <c>InvalidVideo.NoneStream</c>.
/// </summary>
public sealed class GetPlayInfo(VodDbContext db, IOptions<StorageOptions> storage) : IRpcAction
{
    private static readonly string[] KnownFormats = ["mp4", "m3u8", "mp3", "flv", "mpd"];
    private static readonly string[] KnownDefinitions = ["FD", "LD", "SD", "HD", "OD", "2K", "4K", "SQ", "HQ", "AUTO"];

    public string Name => "GetPlayInfo";

    public RpcActionDoc Doc { get; } = new(
        "Returns the playback URL (range requests supported) and the real format, duration, size, dimensions, bitrate and fps of a Normal video.",
        [
            new("VideoId", "string", true, "The video."),
            new("Formats", "string", false, "Comma-separated: mp4, m3u8, mp3, flv, mpd; default all."),
            new("AuthTimeout", "integer", false, "Seconds the URL should stay valid (accepted; URLs of this service do not expire).", Default: "3600", Minimum: 1, Maximum: 2592000),
            new("OutputType", "string", false, "cdn or oss.", Default: "cdn"),
            new("StreamType", "string", false, "video or audio; default both."),
            new("Definition", "string", false, "Comma-separated definitions; the source is OD."),
            new("ResultType", "string", false, "Single or Multiple.", Default: "Single"),
        ],
        Tag: "Playback");

    public async Task<object> ExecuteAsync(RpcRequest request, CancellationToken cancellationToken)
    {
        var videoId = request.Require("VideoId");
        var formats = List(request, "Formats", KnownFormats);
        var definitions = List(request, "Definition", KnownDefinitions);
        request.GetInt64("AuthTimeout", 1, 2592000);
        var outputType = OneOf(request, "OutputType", "cdn", "oss");
        var streamType = OneOf(request, "StreamType", "video", "audio");
        OneOf(request, "ResultType", "Single", "Multiple");
        var video = PlaybackStreams.Playable(await db.FindVideoAsync(videoId, cancellationToken));

        var format = PlaybackStreams.Format(video);
        if ((formats is not null && !formats.Contains(format)) || (definitions is not null && !definitions.Contains(PlaybackStreams.Definition))
            || streamType == "audio" || (outputType == "oss" && format != "mp4"))
        {
            throw new RpcException(System.Net.HttpStatusCode.NotFound, "InvalidVideo.NoneStream",
                $"The video has no stream to play for the request parameter 'Formats: {request.Get("Formats") ?? "all"}, Definition: {request.Get("Definition") ?? "all"}, StreamType: {streamType ?? "all"}'.");
        }

        var baseUrl = storage.Value.PublicBaseUrl ?? request.BaseUri.GetLeftPart(UriPartial.Path).TrimEnd('/');
        return new
        {
            VideoBase = new
            {
                VideoId = video.Id,
                video.Title,
                Duration = PlaybackStreams.Seconds(video.Probe.Duration.TotalSeconds),
                CoverURL = video.CoverUrl,
                video.Status,
                CreationTime = VendorTime.Format(video.CreationTime),
                MediaType = "video",
                StorageClass = "Standard",
            },
            PlayInfoList = new { PlayInfo = new[] { PlaybackStreams.PlayInfo(baseUrl, video) } },
        };
    }

    private static HashSet<string>? List(RpcRequest request, string name, string[] known)
    {
        if (request.Get(name) is not { } text)
        {
            return null;
        }

        var values = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return values.Length > 0 && values.All(v => known.Contains(v, StringComparer.Ordinal))
            ? [.. values]
            : throw RpcErrors.InvalidParameter(name, $"It must be a comma-separated list of {string.Join(", ", known)}.");
    }

    private static string? OneOf(RpcRequest request, string name, params string[] allowed) =>
        request.Get(name) is not { } value ? null
        : allowed.Contains(value, StringComparer.Ordinal) ? value
        : throw RpcErrors.InvalidParameter(name, $"It must be {string.Join(" or ", allowed)}.");
}
