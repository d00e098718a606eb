using VodSnapshot.Api.Persistence;
using VodSnapshot.Api.Rpc;

namespace VodSnapshot.Api.Features.Catalog;

/// <summary>A video as the list actions show it: GetVideoList's Video (Snapshots wrapped) and SearchMedia's (plain arrays).</summary>
public static class VideoListing
{
    public const string StorageLocation = "local";
    public const string AppId = "app-1000000";

    /// <summary>The vendor's statuses, for filters.</summary>
    public static readonly string[] Statuses =
        ["Uploading", "UploadFail", "UploadSucc", "Transcoding", "TranscodeFail", "Checking", "Blocked", "Normal", "ProduceFail"];

    public static object ForVideoList(Video video)
    {
        ArgumentNullException.ThrowIfNull(video);
        return new
        {
            VideoId = video.Id,
            video.Title,
            video.Description,
            CoverURL = video.CoverUrl,
            video.Status,
            Duration = Math.Round(video.Probe.Duration.TotalSeconds, 3),
            Size = video.Probe.SizeBytes,
            CreationTime = VendorTime.Format(video.CreationTime),
            ModificationTime = VendorTime.Format(video.ModificationTime),
            video.CateId,
            video.Tags,
            StorageLocation,
            AppId,
            Snapshots = new { Snapshot = Covers(video) },
        };
    }

    public static object ForSearch(Video video)
    {
        ArgumentNullException.ThrowIfNull(video);
        return new
        {
            MediaId = video.Id,
            MediaType = "video",
            CreationTime = VendorTime.Format(video.CreationTime),
            Video = new
            {
                VideoId = video.Id,
                video.Title,
                video.Description,
                CoverURL = video.CoverUrl,
                video.Status,
                Duration = Math.Round(video.Probe.Duration.TotalSeconds, 3),
                Size = video.Probe.SizeBytes,
                CreationTime = VendorTime.Format(video.CreationTime),
                ModificationTime = VendorTime.Format(video.ModificationTime),
                video.CateId,
                video.Tags,
                StorageLocation,
                AppId,
                MediaSource = "general",
                Snapshots = Covers(video),
                SpriteSnapshots = Array.Empty<string>(),
            },
        };
    }

    private static string[] Covers(Video video) => video.CoverUrl is null ? [] : [video.CoverUrl];
}
