using VodSnapshot.Api.Persistence;
using VodSnapshot.Api.Rpc;

namespace VodSnapshot.Api.Features.Media;

/// <summary><c>GetVideoInfo</c>: one video's metadata with the SDK's field names and types.</summary>
public sealed class GetVideoInfo(VodDbContext db) : IRpcAction
{
    public string Name => "GetVideoInfo";

    public RpcActionDoc Doc { get; } = new(
        "Returns a video's metadata and status.",
        [new("VideoId", "string", true, "The video's id (32 lower-case hex characters).")],
        Tag: "Media");

    public async Task<object> ExecuteAsync(RpcRequest request, CancellationToken cancellationToken)
    {
        var video = await db.FindVideoAsync(request.Require("VideoId"), cancellationToken);
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
                // The cover list: this service makes no automatic cover snapshots, so it holds the CoverURL when one was given.
                Snapshots = new { Snapshot = video.CoverUrl is null ? Array.Empty<string>() : [video.CoverUrl] },
                video.CateId,
                video.Tags,
                video.AuditStatus,
                StorageLocation = "local",
                AppId = "app-1000000",
                video.UserData,
                // Emulator extension fields (receivers and SDKs ignore unknown fields): what the probe found.
                video.Probe.Width,
                video.Probe.Height,
                Fps = Math.Round(video.Probe.FrameRate, 3),
            },
        };
    }
}
