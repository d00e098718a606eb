using VodSnapshot.Api.Persistence;
using VodSnapshot.Api.Rpc;

namespace VodSnapshot.Api.Features.Catalog;

/// <summary>A video as the list actions show it: GetVideoList's Video (Snapshots wrapped) and SearchMedia's (plain arrays).</summary>
public static class VideoListing
{
    public const string StorageLocation = "local";
    public const string AppId = Templates.VodTemplates.DefaultAppId;

    /// <summary>The vendor's statuses, for filters.</summary>
    public static readonly string[] Statuses =
        ["Uploading", "UploadFail", "UploadSucc", "Transcoding", "TranscodeFail", "Checking", "Blocked", "Normal", "ProduceFail"];

    public static object ForVideoList(Video video) => Listed(video, new { Snapshot = Covers(video) });

    public static object ForSearch(Video video)
    {
        ArgumentNullException.ThrowIfNull(video);
        return new
        {
            MediaId = video.Id,
            MediaType = "video",
            CreationTime = VendorTime.Format(video.CreationTime),
            Video = Listed(video, Covers(video)) with { MediaSource = "general", SpriteSnapshots = [] },
        };
    }

    /// <summary>The fields both lists show of a video; <paramref name="snapshots"/> in the shape of the action.</summary>
    private static ListedVideo Listed(Video video, object snapshots)
    {
        ArgumentNullException.ThrowIfNull(video);
        return new(
            video.Id,
            video.Title,
            video.Description,
            video.CoverUrl,
            video.Status,
            Math.Round(video.Probe.Duration.TotalSeconds, 3),
            video.Probe.SizeBytes,
            VendorTime.Format(video.CreationTime),
            VendorTime.Format(video.ModificationTime),
            video.CateId,
            video.Tags,
            StorageLocation,
            AppId,
            snapshots);
    }

    private static string[] Covers(Video video) => video.CoverUrl is null ? [] : [video.CoverUrl];

    /// <param name="MediaSource">SearchMedia only.</param>
    /// <param name="SpriteSnapshots">SearchMedia only.</param>
    private sealed record ListedVideo(
        string VideoId,
        string Title,
        string? Description,
        string? CoverURL,
        string Status,
        double Duration,
        long Size,
        string CreationTime,
        string ModificationTime,
        long? CateId,
        string? Tags,
        string StorageLocation,
        string AppId,
        object Snapshots)
    {
        public string? MediaSource { get; init; }

        public string[]? SpriteSnapshots { get; init; }
    }
}
