using Microsoft.Extensions.Options;
using VodSnapshot.Api.Features.Media;
using VodSnapshot.Api.Features.Uploads;
using VodSnapshot.Api.Persistence;
using VodSnapshot.Api.Storage;

namespace VodSnapshot.Api.Features.Oss;

/// <summary>Where OSS objects and parts live on disk (all under the uploads folder, owned by the service) and how large they may be.</summary>
public sealed class OssStorage(IOptions<StorageOptions> storage, IOptions<MediaOptions> media)
{
    /// <summary>OSS's limit on one PutObject and on one part.</summary>
    public const long MaxPutBytes = 5L * 1024 * 1024 * 1024;

    /// <summary>The largest object or part this service stores: <c>Media:MaxFileBytes</c>, never more than 5 GB.</summary>
    public long MaxObjectBytes => Math.Min(MaxPutBytes, media.Value.MaxFileBytes);

    /// <summary>Every completed object of every video together may not exceed this either: <c>Media:MaxFileBytes</c>.</summary>
    public long MaxFileBytes => media.Value.MaxFileBytes;

    /// <summary>A fresh path where a body being written is kept until it is complete and checked.</summary>
    public string TemporaryPath() => Path.Combine(storage.Value.UploadsFolder, "incoming", Ids.New() + ".part");

    /// <summary>The video's source file: the complete object.</summary>
    public string SourcePath(UploadGrant grant)
    {
        ArgumentNullException.ThrowIfNull(grant);
        return Path.Combine(storage.Value.UploadsFolder, grant.VideoId + MediaRegistry.SafeExtension(grant.ObjectKey));
    }

    /// <summary>The folder holding the parts of one multipart upload.</summary>
    public string PartsFolder(string uploadId) => Path.Combine(storage.Value.UploadsFolder, "multipart", uploadId);

    public string PartPath(string uploadId, int partNumber) =>
        Path.Combine(PartsFolder(uploadId), partNumber.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Removes a multipart upload's parts from disk (its rows go with the upload row).</summary>
    public void DeleteParts(string uploadId)
    {
        var folder = PartsFolder(uploadId);
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
