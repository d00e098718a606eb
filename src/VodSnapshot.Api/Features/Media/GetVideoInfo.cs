using Microsoft.Extensions.Options;
using VodSnapshot.Api.Features.Covers;
using VodSnapshot.Api.Persistence;
using VodSnapshot.Api.Rpc;

namespace VodSnapshot.Api.Features.Media;

/// <summary>
/// <c>GetVideoInfo</c>: one video's metadata with the SDK's field names and types, every field of the model present:
/// those with no offline meaning carry the value a Standard-storage, uncategorised video has (see the README).
/// </summary>
public sealed class GetVideoInfo(VodDbContext db, IOptions<VodOptions> vod) : IRpcAction
{
    public string Name => "GetVideoInfo";

    public RpcActionDoc Doc { get; } = new(
        "Returns a video's metadata and status.",
        [new("VideoId", "string", true, "The video's id (32 lower-case hex characters).")],
        Tag: "Media");

    public const string StandardStorage = "Standard";

    public const string NoTranscodeGroup = "VOD_NO_TRANSCODE";

    public async Task<object> ExecuteAsync(RpcRequest request, CancellationToken cancellationToken)
    {
        var video = await db.FindVideoAsync(request.Require("VideoId"), cancellationToken);
        var covers = await CoverQueries.UrlsAsync(db, video.Id, cancellationToken);
        return new
        {
            Video = new
            {
                VideoId = video.Id,
                video.Title,
                video.Description,
                Duration = Math.Round(video.Probe.Duration.TotalSeconds, 3),
                CoverURL = video.CoverUrl,
                video.Status,
                CreationTime = VendorTime.Format(video.CreationTime),
                ModificationTime = VendorTime.Format(video.ModificationTime),
                Size = video.Probe.SizeBytes,
                // The CoverSnapshot URLs of the video's cover job: empty while they are being made (CoverURL is absent then too, unless given).
                Snapshots = new { Snapshot = covers },
                video.CateId,
                video.Tags,
                video.AuditStatus,
                Catalog.VideoListing.StorageLocation,
                AppId = Templates.VodTemplates.DefaultAppId,
                video.UserData,
                RegionId = vod.Value.Region,
                StorageClass = StandardStorage,
                // The vendor's id of its built-in no-transcoding template group: nothing is transcoded here.
                TemplateGroupId = NoTranscodeGroup,
                CateName = string.Empty,
                DownloadSwitch = "on",
                ReferenceId = string.Empty,
                // Restores concern archived storage classes only; a Standard video has nothing to restore.
                RestoreStatus = string.Empty,
                RestoreExpiration = string.Empty,
                CustomMediaInfo = string.Empty,
                // Emulator extension fields (receivers and SDKs ignore unknown fields): what the probe found.
                video.Probe.Width,
                video.Probe.Height,
                Fps = Math.Round(video.Probe.FrameRate, 3),
            },
        };
    }
}
