using System.ComponentModel.DataAnnotations;

namespace VodSnapshot.Api.Storage;

/// <summary>Section <c>Storage</c>: the one folder that holds all state, and the base of the image URLs handed out.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>Holds the SQLite database, stored images and uploads; relative paths are under the working directory.</summary>
    [Required]
    public string Root { get; set; } = "data";

    /// <summary>Base of image URLs (e.g. a CDN); when empty, the address the request came in on.</summary>
    [Url]
    public string? PublicBaseUrl { get; set; }

    /// <summary>
    /// Free space the state folder's file system must keep: below it, new snapshot jobs are refused (at submit and when
    /// a queued job is about to start) and <c>/healthz</c> reports Degraded. 0 turns the check off.
    /// </summary>
    [Range(0, long.MaxValue)]
    public long MinFreeBytes { get; set; } = 256L * 1024 * 1024;

    public string FullRoot => Path.GetFullPath(Root);

    public string DatabasePath => Path.Combine(FullRoot, "vod.db");

    public string UploadsFolder => Path.Combine(FullRoot, "uploads");

    public string SnapshotsFolder => Path.Combine(FullRoot, "snapshots");

    /// <summary>The pids of the ffmpeg processes running now, one file each; read at start to end any a crash left behind.</summary>
    public string ProcessRecordsFolder => Path.Combine(FullRoot, "processes");
}
