using System.Text.Json;
using Hangfire;
using Microsoft.Extensions.Options;
using VodSnapshot.Api.Features.Callbacks;
using VodSnapshot.Api.Features.Media;
using VodSnapshot.Api.Features.Snapshots.Planning;
using VodSnapshot.Api.Features.Uploads;
using VodSnapshot.Api.Persistence;
using VodSnapshot.Api.Rpc;

namespace VodSnapshot.Api.Features.UrlUploads;

/// <summary>
/// <c>UploadMediaByURL</c> (vod-lifecycle §4.1): up to 20 URL-encoded URLs, each becoming a video in status
/// <c>Uploading</c> and a pull job (<see cref="UrlPullJob"/>) under the remote-download rules (<c>Media:AllowRemoteUrls</c>,
/// the network policy, <c>Media:MaxFileBytes</c>). UploadMetadatas entries apply to the URL their SourceURL names.
/// Every URL and entry is checked before anything is stored.
/// </summary>
public sealed class UploadMediaByURL(
    VodDbContext db,
    MediaRegistry registry,
    UploadTickets tickets,
    CallbackUrlPolicy callbackUrls,
    IOptions<UploadOptions> uploads,
    IBackgroundJobClient jobs,
    TimeProvider clock) : IRpcAction
{
    private const string Urls = "UploadURLs";
    private const string Metadatas = "UploadMetadatas";

    public string Name => "UploadMediaByURL";

    public RpcActionDoc Doc { get; } = new(
        "Pulls media from URLs (asynchronously; needs Media:AllowRemoteUrls); UploadByURLComplete follows for each.",
        [
            new(Urls, "string", true, "Comma-separated, each URL-encoded; at most 20; each with a file extension unless its metadata gives FileExtension."),
            new(Metadatas, "string", false, "JSON array of {SourceURL, Title, Description?, CoverURL?, CateId?, Tags?, FileExtension?}."),
            new("UserData", "string", false, "JSON {MessageCallback:{CallbackURL}, Extend}: where these videos' events go."),
            new("TemplateGroupId", "string", false, "Accepted; this service does not transcode."),
        ],
        Tag: "Uploads");

    public async Task<object> ExecuteAsync(RpcRequest request, CancellationToken cancellationToken)
    {
        var urls = request.Require(Urls).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(Uri.UnescapeDataString).ToList();
        if (urls.Count is 0 or > 20)
        {
            throw InvalidUrls("Give 1 to 20 comma-separated URLs.");
        }

        var metadata = ReadMetadata(request.Get(Metadatas));
        VideoFields.Text("TemplateGroupId", request.Get("TemplateGroupId"), VideoFields.MaxIdBytes);
        var userDataText = request.Get("UserData");
        if (SnapshotUserData.Parse(userDataText).CallbackUrl is { } callbackUrl)
        {
            await callbackUrls.CheckAsync(callbackUrl.AbsoluteUri, "MessageCallback.CallbackURL", cancellationToken);
        }

        var planned = new List<(string Url, string Extension, Item? Meta)>();
        foreach (var url in urls)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("http" or "https"))
            {
                throw InvalidUrls("Each URL must be an absolute http(s) URL.");
            }

            // The remote-download rules of RegisterMedia: Media:AllowRemoteUrls and the network policy.
            registry.Check(url, Urls);

            var meta = metadata.GetValueOrDefault(url);
            var extension = meta?.FileExtension ?? Path.GetExtension(new Uri(url).AbsolutePath).TrimStart('.');
            planned.Add((url, VideoFields.Extension("file." + extension), meta));
        }

        var now = clock.GetUtcNow();
        var endpoint = tickets.Endpoint(request.BaseUri);
        var answer = new List<object>();
        var created = new List<string>();
        foreach (var (url, extension, meta) in planned)
        {
            var video = new Video
            {
                Id = Ids.New(),
                FileUrl = CreateUploadVideo.OssObjectUrl(endpoint, uploads.Value.Bucket, UploadTickets.NewObjectKey(extension)),
                SourcePath = string.Empty,
                Title = meta?.Title ?? FileTitle(url),
                Description = meta?.Description,
                Tags = meta?.Tags,
                CateId = meta?.CateId,
                CoverUrl = meta?.CoverUrl,
                UserData = userDataText,
                Status = VideoStatus.Uploading,
                CreationTime = now,
                ModificationTime = now,
            };
            var job = new UrlUploadJob
            {
                JobId = Ids.New(), VideoId = video.Id, UploadUrl = url, Extension = extension, Status = UrlUploadStatus.Pending,
                UserData = userDataText, CreationTime = now,
            };
            db.Videos.Add(video);
            db.Set<UrlUploadJob>().Add(job);
            created.Add(job.JobId);
            answer.Add(new { JobId = job.JobId, SourceURL = url });
        }

        await db.SaveChangesAsync(cancellationToken);
        foreach (var jobId in created)
        {
            jobs.Enqueue<UrlPullJob>(j => j.RunAsync(jobId, CancellationToken.None));
        }

        return new { UploadJobs = answer };
    }

    private sealed record Item(string Title, string? Description, string? CoverUrl, long? CateId, string? Tags, string? FileExtension);

    private static Dictionary<string, Item> ReadMetadata(string? json)
    {
        var items = new Dictionary<string, Item>(StringComparer.Ordinal);
        if (json is null)
        {
            return items;
        }

        using var document = RpcJsonInput.Parse(json, Metadatas);
        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            throw RpcErrors.InvalidParameter(Metadatas, "It must be a JSON array.");
        }

        foreach (var entry in document.RootElement.EnumerateArray())
        {
            if (entry.ValueKind != JsonValueKind.Object)
            {
                throw RpcErrors.InvalidParameter(Metadatas, "Each entry must be a JSON object.");
            }

            var source = RpcJsonInput.RequiredString(entry, "SourceURL", Metadatas, VideoFields.MaxSourceUrlBytes);
            var cateId = entry.TryGetProperty("CateId", out var cate) && cate.ValueKind == JsonValueKind.String
                ? IntegerText.ParseParameter(Metadatas, cate.GetString(), long.MinValue, long.MaxValue)
                : RpcJsonInput.OptionalInt64(entry, "CateId", Metadatas);
            items[source] = new Item(
                VideoFields.Text("Title", RpcJsonInput.RequiredString(entry, "Title", Metadatas, 1024), VideoFields.MaxTitleBytes)!,
                VideoFields.Text("Description", RpcJsonInput.OptionalString(entry, "Description", Metadatas, 4096), VideoFields.MaxDescriptionBytes),
                VideoFields.CoverUrl(RpcJsonInput.OptionalString(entry, "CoverURL", Metadatas, 2048)),
                cateId,
                VideoFields.Tags(RpcJsonInput.OptionalString(entry, "Tags", Metadatas, 1024)),
                RpcJsonInput.OptionalString(entry, "FileExtension", Metadatas, 16));
        }

        return items;
    }

    /// <summary>The vendor's default title: the file name of the URL (at most 128 bytes).</summary>
    private static string FileTitle(string url)
    {
        var name = Uri.UnescapeDataString(Path.GetFileName(new Uri(url).AbsolutePath));
        while (System.Text.Encoding.UTF8.GetByteCount(name) > VideoFields.MaxTitleBytes)
        {
            name = name[..^1];
        }

        return name.Length > 0 ? name : "untitled";
    }

    private static RpcException InvalidUrls(string detail) =>
        RpcErrors.InvalidParameterCode("InvalidParameter.UploadURLs", Urls, detail);
}
