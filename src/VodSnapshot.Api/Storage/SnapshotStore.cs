using System.Globalization;
using Microsoft.Extensions.Options;
using VodSnapshot.Api.Persistence;

namespace VodSnapshot.Api.Storage;

/// <summary>
/// Layout of stored images and their URLs (spec §10.8): <c>{base}/{VideoId}/snapshots/{kind}/{JobId}-{00001}.jpg</c>,
/// stored on disk under the same path below the snapshots folder, so the URL path is the file path.
/// </summary>
public sealed class SnapshotStore(IOptions<StorageOptions> options)
{
    public const string Placeholder = "{SnapshotCount}";

    private string Root => options.Value.SnapshotsFolder;

    /// <summary>The URL folder name of each snapshot type.</summary>
    public static string Kind(string snapshotType) => snapshotType switch
    {
        SnapshotType.Normal => "normal",
        SnapshotType.Sprite => "sprite",
        SnapshotType.SpriteOrigin => "spriteorigin",
        SnapshotType.WebVtt => "webvtt",
        _ => throw new ArgumentOutOfRangeException(nameof(snapshotType), snapshotType, "Not a stored snapshot type."),
    };

    /// <summary>SnapshotFormat: the path relative to the host, with the serial as <c>{SnapshotCount}</c>.</summary>
    public static string Format(string videoId, string jobId, string snapshotType, string extension = ".jpg") =>
        $"{videoId}/snapshots/{Kind(snapshotType)}/{jobId}-{Placeholder}{extension}";

    public static string Serial(int index) => index.ToString("D5", CultureInfo.InvariantCulture);

    /// <summary>The path of one output below the snapshots folder (also its URL path).</summary>
    public static string RelativePath(string videoId, string jobId, string snapshotType, int index, string extension = ".jpg") =>
        Format(videoId, jobId, snapshotType, extension).Replace(Placeholder, Serial(index), StringComparison.Ordinal);

    public string FullPath(string relativePath) => Path.Combine(Root, relativePath);

    /// <summary>A private folder for one run of a job, on the same file system as the final place so moves are atomic.</summary>
    public string WorkFolder(string videoId, string jobId) => Path.Combine(Root, videoId, ".work", jobId);

    public static string Regular(string publicBase, string format) => publicBase.TrimEnd('/') + "/" + format;

    public static string Url(string publicBase, string relativePath) => publicBase.TrimEnd('/') + "/" + relativePath;
}
