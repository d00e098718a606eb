using Microsoft.EntityFrameworkCore;
using VodSnapshot.Api.Features.Media;
using VodSnapshot.Api.Persistence;
using VodSnapshot.Api.Rpc;

namespace VodSnapshot.Api.Features.Uploads;

/// <summary>
/// <c>RefreshUploadVideo</c> (vod-lifecycle §2.2): new temporary credentials for the same UploadAddress (the earlier
/// ones stay valid until they expire, as STS tokens do). Also how an uploaded video's source is overwritten.
/// </summary>
public sealed class RefreshUploadVideo(VodDbContext db, UploadTickets tickets) : IRpcAction
{
    public string Name => "RefreshUploadVideo";

    public RpcActionDoc Doc { get; } = new(
        "Issues new temporary upload credentials for a video made by CreateUploadVideo; the upload address stays the same.",
        [new("VideoId", "string", true, "The video CreateUploadVideo answered.")],
        Tag: "Uploads");

    public async Task<object> ExecuteAsync(RpcRequest request, CancellationToken cancellationToken)
    {
        var video = await db.FindVideoAsync(request.Require("VideoId"), cancellationToken);
        // A video registered by URL or file has no OSS object to write: for this service it was never uploadable.
        var grant = await db.Set<UploadGrant>().SingleOrDefaultAsync(g => g.VideoId == video.Id, cancellationToken)
            ?? throw new RpcException(System.Net.HttpStatusCode.BadRequest, "InvalidVideo.Damaged", "The video has been Damaged.");
        var credential = tickets.Issue(db, grant);
        await db.SaveChangesAsync(cancellationToken);
        return tickets.Answer(grant, credential);
    }
}
