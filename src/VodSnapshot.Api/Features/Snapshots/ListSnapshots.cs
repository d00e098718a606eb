using Microsoft.EntityFrameworkCore;
using VodSnapshot.Api.Features.Media;
using VodSnapshot.Api.Persistence;
using VodSnapshot.Api.Rpc;
using VodSnapshot.Api.Storage;

namespace VodSnapshot.Api.Features.Snapshots;

/// <summary>
/// <c>ListSnapshots</c>: the images of one type from the video's latest successful snapshot job, paged.
/// A video with none answers <c>Total: 0</c> and an empty list.
/// </summary>
public sealed class ListSnapshots(VodDbContext db) : IRpcAction
{
    public string Name => "ListSnapshots";

    public RpcActionDoc Doc { get; } = new(
        "Lists the images of the video's latest successful snapshot job.",
        [
            new("VideoId", "string", true, "The video's id."),
            new("SnapshotType", "string", false, "CoverSnapshot, NormalSnapshot, SpriteSnapshot, SpriteOriginSnapshot or WebVttSnapshot.", Default: SnapshotType.Normal),
            new("PageNo", "integer", false, "Page number, from 1.", Default: "1", Minimum: 1),
            new("PageSize", "integer", false, "Items per page.", Default: "20", Minimum: 1, Maximum: 100),
            new("AuthTimeout", "integer", false, "Seconds a signed URL stays valid; accepted for compatibility (URLs here are not signed).", Default: "3600", Minimum: 1, Maximum: 2592000),
        ]);

    public async Task<object> ExecuteAsync(RpcRequest request, CancellationToken cancellationToken)
    {
        var video = await db.FindVideoAsync(request.Require("VideoId"), cancellationToken);
        var type = request.Get("SnapshotType") ?? SnapshotType.Normal;
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

        var job = await db.SnapshotJobs.AsNoTracking()
            .Where(j => j.VideoId == video.Id && j.Status == SnapshotJobStatus.Succeeded)
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
