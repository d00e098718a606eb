using Microsoft.EntityFrameworkCore;
using VodSnapshot.Api.Features.Media;
using VodSnapshot.Api.Persistence;
using VodSnapshot.Api.Rpc;
using VodSnapshot.Api.Storage;

namespace VodSnapshot.Api.Features.Snapshots;

/// <summary>
/// <c>ListSnapshots</c>: the images of one type from the video's latest successful job of that kind, paged: for
/// CoverSnapshot (the default, as for the vendor) its cover job, for the other types its latest SubmitSnapshotJob job.
/// A video with none (covers still being made, or off) answers <c>Total: 0</c> and an empty list.
/// </summary>
public sealed class ListSnapshots(VodDbContext db) : IRpcAction
{
    public string Name => "ListSnapshots";

    public RpcActionDoc Doc { get; } = new(
        "Lists the images of one type: the video's cover snapshots (the default), or those of its latest successful SubmitSnapshotJob job.",
        [
            new("VideoId", "string", true, "The video's id."),
            new("SnapshotType", "string", false, "CoverSnapshot, NormalSnapshot, SpriteSnapshot, SpriteOriginSnapshot or WebVttSnapshot.", Default: SnapshotType.Cover),
            new("PageNo", "integer", false, "Page number, from 1.", Default: "1", Minimum: 1),
            new("PageSize", "integer", false, "Items per page.", Default: "20", Minimum: 1, Maximum: 100),
            new("AuthTimeout", "integer", false, "Seconds a signed URL stays valid; accepted for compatibility (URLs here are not signed).", Default: "3600", Minimum: 1, Maximum: 2592000),
        ]);

    public async Task<object> ExecuteAsync(RpcRequest request, CancellationToken cancellationToken)
    {
        var video = await db.FindVideoAsync(request.Require("VideoId"), cancellationToken);
        var type = request.Get("SnapshotType") ?? SnapshotType.Cover;
        if (!SnapshotType.All.Contains(type))
        {
            throw RpcErrors.InvalidParameter("SnapshotType");
        }

        var pageNo = request.GetInt32("PageNo", 1) ?? 1;
        var pageSize = request.GetInt32("PageSize", 1, 100) ?? 20;
        request.GetInt64("AuthTimeout", 1, 2_592_000);
        if (!VideoStatus.AllowsSnapshots(video.Status))
        {
            throw RpcErrors.IllegalStatus();
        }

        var kind = type == SnapshotType.Cover ? SnapshotJobKind.Cover : SnapshotJobKind.Specified;
        var job = await db.SnapshotJobs.AsNoTracking()
            .Where(j => j.VideoId == video.Id && j.Kind == kind && j.Status == SnapshotJobStatus.Succeeded)
            .OrderByDescending(j => j.CreationTime)
            .FirstOrDefaultAsync(cancellationToken);
        if (job is null)
        {
            return new { MediaSnapshot = new { Total = 0L, Snapshots = new { Snapshot = Array.Empty<object>() } } };
        }

        var images = db.SnapshotImages.AsNoTracking().Where(i => i.JobId == job.Id && i.Type == type);
        var total = await images.LongCountAsync(cancellationToken);
        var page = await images.OrderBy(i => i.Index)
            .Skip((int)Math.Min((long)(pageNo - 1) * pageSize, int.MaxValue))
            .Take(pageSize)
            .ToListAsync(cancellationToken);
        var extension = page.Count > 0 ? Path.GetExtension(page[0].RelativePath) : ".jpg";
        return new
        {
            MediaSnapshot = new
            {
                CreationTime = VendorTime.Format(job.CreationTime),
                JobId = job.Id,
                Regular = total == 0 ? null : SnapshotStore.Regular(job.PublicBaseUrl, SnapshotStore.Format(job.VideoId, job.Id, type, extension)),
                Total = total,
                Snapshots = new { Snapshot = page.Select(i => new { Index = (long)i.Index, Url = SnapshotStore.Url(job.PublicBaseUrl, i.RelativePath) }) },
            },
        };
    }
}
