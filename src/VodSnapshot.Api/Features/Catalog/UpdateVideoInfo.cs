using VodSnapshot.Api.Features.Media;
using VodSnapshot.Api.Features.Uploads;
using VodSnapshot.Api.Persistence;
using VodSnapshot.Api.Rpc;

namespace VodSnapshot.Api.Features.Catalog;

/// <summary>
/// <c>UpdateVideoInfo</c> (vod-lifecycle §5.1): sets Title, Description, CoverURL (a snapshot URL of this service is a
/// valid cover), CateId and Tags; omitted fields stay. There is no Status parameter, so none is read. Every value is
/// checked before any is applied.
/// </summary>
public sealed class UpdateVideoInfo(VodDbContext db, TimeProvider clock) : IRpcAction
{
    public string Name => "UpdateVideoInfo";

    public RpcActionDoc Doc { get; } = new(
        "Updates a video's title, description, cover URL, category and tags; omitted fields stay as they are.",
        [
            new("VideoId", "string", true, "The video."),
            new("Title", "string", false, "At most 128 bytes, no emoji."),
            new("Description", "string", false, "At most 1024 bytes."),
            new("CoverURL", "string", false, "http(s) URL of the cover, e.g. a snapshot URL of this service."),
            new("CateId", "integer", false, "Category id."),
            new("Tags", "string", false, "At most 16 comma-separated tags of at most 32 bytes."),
        ],
        Tag: "Media");

    public async Task<object> ExecuteAsync(RpcRequest request, CancellationToken cancellationToken)
    {
        var videoId = request.Require("VideoId");
        var title = VideoFields.Text("Title", request.Get("Title"), VideoFields.MaxTitleBytes);
        var description = VideoFields.Text("Description", request.Get("Description"), VideoFields.MaxDescriptionBytes);
        var cover = VideoFields.CoverUrl(request.Get("CoverURL"));
        var cateId = request.GetInt64("CateId");
        var tags = VideoFields.Tags(request.Get("Tags"));
        var video = await db.FindVideoAsync(videoId, cancellationToken);

        video.Title = title ?? video.Title;
        video.Description = description ?? video.Description;
        video.CoverUrl = cover ?? video.CoverUrl;
        video.CateId = cateId ?? video.CateId;
        video.Tags = tags ?? video.Tags;
        video.ModificationTime = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return new { };
    }
}
