using Microsoft.EntityFrameworkCore;
using VodSnapshot.Api.Persistence;
using VodSnapshot.Api.Rpc;

namespace VodSnapshot.Api.Features.Media;

public static class VideoQueries
{
    /// <summary>The video named by <paramref name="videoId"/>, or the vendor's <c>InvalidVideo.NotFound</c>.</summary>
    public static async Task<Video> FindVideoAsync(this VodDbContext db, string videoId, CancellationToken ct) =>
        Ids.IsValid(videoId) && await db.Videos.FindAsync([videoId], ct) is { } video
            ? video
            : throw RpcErrors.VideoNotFound();
}
