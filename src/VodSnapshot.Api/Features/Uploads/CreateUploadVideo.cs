using VodSnapshot.Api.Features.Callbacks;
using VodSnapshot.Api.Features.Snapshots.Planning;
using VodSnapshot.Api.Features.Templates;
using VodSnapshot.Api.Persistence;
using VodSnapshot.Api.Rpc;

namespace VodSnapshot.Api.Features.Uploads;

/// <summary>
/// <c>CreateUploadVideo</c> (vod-lifecycle §2.1): a new video in status <c>Uploading</c>, the one OSS object its
/// upload may write, and temporary credentials for it, answered as the vendor's base64 UploadAddress / UploadAuth.
/// Every parameter is checked before anything is stored.
/// </summary>
public sealed class CreateUploadVideo(VodDbContext db, UploadTickets tickets, CallbackUrlPolicy callbackUrls, Microsoft.Extensions.Options.IOptions<UploadOptions> options, TimeProvider clock) : IRpcAction
{
    public string Name => "CreateUploadVideo";

    public RpcActionDoc Doc { get; } = new(
        "Creates a video in status Uploading and answers where and with which temporary credentials to upload it (OSS-compatible endpoint of this service).",
        [
            new("Title", "string", true, "At most 128 bytes, no emoji.", Example: "My video"),
            new("FileName", "string", true, "The source file's name (or full path); its extension must be one VOD takes.", Example: "D:\\video_01.mp4"),
            new("FileSize", "integer", false, "Bytes.", Minimum: 0),
            new("Description", "string", false, "At most 1024 bytes."),
            new("CoverURL", "string", false, "The cover's URL."),
            new("CateId", "integer", false, "Category id."),
            new("Tags", "string", false, "At most 16 comma-separated tags of at most 32 bytes."),
            new("TemplateGroupId", "string", false, "Accepted; this service does not transcode."),
            new("WorkflowId", "string", false, "Accepted; this service does not transcode."),
            new("StorageLocation", "string", false, "Accepted; every upload goes to the service's one bucket."),
            new("UserData", "string", false, "JSON {MessageCallback:{CallbackURL}, Extend}: where this video's events go."),
            new("AppId", "string", false, "Accepted.", Default: "app-1000000"),
        ],
        Tag: "Uploads");

    public async Task<object> ExecuteAsync(RpcRequest request, CancellationToken cancellationToken)
    {
        var title = VideoFields.Text("Title", request.Require("Title"), VideoFields.MaxTitleBytes)!;
        var extension = VideoFields.Extension(request.Require("FileName"));
        request.GetInt64("FileSize", 0);
        var description = VideoFields.Text("Description", request.Get("Description"), VideoFields.MaxDescriptionBytes);
        var cover = VideoFields.CoverUrl(request.Get("CoverURL"));
        var cateId = request.GetInt64("CateId");
        var tags = VideoFields.Tags(request.Get("Tags"));
        // Accepted and not acted on here (no transcoding, one bucket), yet bounded like every stored or echoed value.
        VideoFields.Text("TemplateGroupId", request.Get("TemplateGroupId"), VideoFields.MaxIdBytes);
        VideoFields.Text("WorkflowId", request.Get("WorkflowId"), VideoFields.MaxIdBytes);
        VideoFields.Text("StorageLocation", request.Get("StorageLocation"), VideoFields.MaxStorageLocationBytes);
        VodTemplates.AppId(request.Get("AppId"));
        var userDataText = request.Get("UserData");
        var userData = SnapshotUserData.Parse(userDataText);
        if (userData.CallbackUrl is { } callbackUrl)
        {
            await callbackUrls.CheckAsync(callbackUrl.AbsoluteUri, "MessageCallback.CallbackURL", cancellationToken);
        }

        var now = clock.GetUtcNow();
        var endpoint = tickets.Endpoint(request.BaseUri);
        var key = UploadTickets.NewObjectKey(extension);
        var bucket = options.Value.Bucket;
        var video = new Video
        {
            Id = Ids.New(),
            FileUrl = OssObjectUrl(endpoint, bucket, key),
            SourcePath = string.Empty,
            Title = title,
            Description = description,
            Tags = tags,
            CateId = cateId,
            CoverUrl = cover,
            UserData = userDataText,
            Status = VideoStatus.Uploading,
            CreationTime = now,
            ModificationTime = now,
        };
        var grant = new UploadGrant { VideoId = video.Id, Bucket = bucket, ObjectKey = key, Endpoint = endpoint, CreationTime = now };
        db.Videos.Add(video);
        db.Set<UploadGrant>().Add(grant);
        var credential = tickets.Issue(db, grant);
        await db.SaveChangesAsync(cancellationToken);
        return tickets.Answer(grant, credential);
    }

    /// <summary>The object's URL as the vendor reports it (FileUploadComplete.FileUrl): http, bucket as the first label.</summary>
    public static string OssObjectUrl(string endpoint, string bucket, string key)
    {
        var uri = new Uri(endpoint);
        return $"http://{bucket}.{uri.Authority}/{key}";
    }
}
