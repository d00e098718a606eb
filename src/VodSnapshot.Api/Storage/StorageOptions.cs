using System.ComponentModel.DataAnnotations;

namespace VodSnapshot.Api.Storage;

/// <summary>Which database holds the state.</summary>
public enum DatabaseProvider
{
    /// <summary>The SQLite file <c>vod.db</c> in the state folder: one node.</summary>
    Sqlite,

    /// <summary>The PostgreSQL database of <c>ConnectionStrings:Vod</c>: one node or several.</summary>
    PostgreSql,
}

/// <summary>Section <c>Storage</c>: the one folder that holds all state, the database, and the base of the image URLs handed out.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>The database: SQLite in the state folder (default) or PostgreSQL (<c>ConnectionStrings:Vod</c>).</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Holds the SQLite database (when SQLite is the provider), stored images and uploads; shared by all nodes; relative paths are under the working directory.</summary>
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

    /// <summary>Held open with an exclusive lock while a node serves a SQLite state folder.</summary>
    public string DatabaseLockPath => Path.Combine(FullRoot, "vod.db.lock");

    public string UploadsFolder => Path.Combine(FullRoot, "uploads");

    public string SnapshotsFolder => Path.Combine(FullRoot, "snapshots");

    /// <summary>The pids of the ffmpeg processes running now, one file each; read at start to end any a crash left behind.</summary>
    public string ProcessRecordsFolder => Path.Combine(FullRoot, "processes");
}
