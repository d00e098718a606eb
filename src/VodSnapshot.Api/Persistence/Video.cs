using VodSnapshot.Media.Probing;

namespace VodSnapshot.Api.Persistence;

/// <summary>The vendor's video status values.</summary>
public static class VideoStatus
{
    public const string Uploading = "Uploading";
    public const string UploadFail = "UploadFail";
    public const string UploadSucc = "UploadSucc";
    public const string Transcoding = "Transcoding";
    public const string TranscodeFail = "TranscodeFail";
    public const string Checking = "Checking";
    public const string Blocked = "Blocked";
    public const string Normal = "Normal";

    /// <summary>The statuses the snapshot actions accept.</summary>
    public static bool AllowsSnapshots(string status) => status is UploadSucc or Normal or Checking or Blocked;
}

/// <summary>A registered media file and what ffprobe found in it.</summary>
public sealed class Video
{
    /// <summary>32 lower-case hex characters, as the vendor's.</summary>
    public required string Id { get; init; }

    /// <summary>The FileURL it was registered with; unique, so registering it again finds this video.</summary>
    public required string FileUrl { get; init; }

    /// <summary>Where the service reads the media from.</summary>
    public required string SourcePath { get; set; }

    public required string Title { get; set; }

    public string? Description { get; set; }

    public string? Tags { get; set; }

    public long? CateId { get; set; }

    public string? CoverUrl { get; set; }

    /// <summary>The registration's UserData JSON, as given (GetVideoInfo echoes it).</summary>
    public string? UserData { get; set; }

    /// <summary>
    /// The callback URL of the registration's UserData, read once when the video was registered: it applies to this
    /// video's jobs whose own UserData names none.
    /// </summary>
    public string? CallbackUrl { get; set; }

    public required string Status { get; set; }

    /// <summary>The audit status set by CreateAudit, when any.</summary>
    public string? AuditStatus { get; set; }

    /// <summary>Why probing failed, for UploadFail videos.</summary>
    public string? ProbeError { get; set; }

    /// <summary>
    /// What ffprobe found at registration, as the media engine reported it (<see cref="MediaProbe.None"/> when the file
    /// could not be probed); handed to the engine as is for every job.
    /// </summary>
    public MediaProbe Probe { get; set; } = MediaProbe.None;

    public DateTimeOffset CreationTime { get; init; }

    public DateTimeOffset ModificationTime { get; set; }
}
