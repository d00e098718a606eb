using Microsoft.EntityFrameworkCore;
using VodSnapshot.Api.Persistence;
using VodSnapshot.Api.Rpc;

namespace VodSnapshot.Api.Features.Media;

public static class VideoQueries
{
    // Compiled once: nearly every action reads its video first, and FindAsync built and translated its query anew each time.
    private static readonly CompiledPerModel<Func<VodDbContext, string, CancellationToken, Task<Video?>>> ById =
        new(() => EF.CompileAsyncQuery((VodDbContext db, string id, CancellationToken ct) => db.Videos.FirstOrDefault(v => v.Id == id)));

    /// <summary>The video named by <paramref name="videoId"/> (tracked), or the vendor's <c>InvalidVideo.NotFound</c>.</summary>
    public static async Task<Video> FindVideoAsync(this VodDbContext db, string videoId, CancellationToken ct) =>
        Ids.IsValid(videoId) && await ById.For(db)(db, videoId, ct) is { } video
            ? video
            : throw RpcErrors.VideoNotFound();
}
