namespace VodSnapshot.Api.Persistence;

/// <summary>Where a snapshot job is in its life. Only Succeeded and Failed are final.</summary>
public enum SnapshotJobStatus
{
    Submitted,
    Running,
    Succeeded,
    Failed,
}

/// <summary>What started a snapshot job: a caller's SubmitSnapshotJob, or the service itself after a video came in.</summary>
public enum SnapshotJobKind
{
    /// <summary>SubmitSnapshotJob (the vendor's SubType <c>SpecifiedTime</c>).</summary>
    Specified,

    /// <summary>The automatic cover snapshots of a new video (vod-lifecycle §8): CoverSnapshot images, no SubType.</summary>
    Cover,
}

/// <summary>
/// One accepted SubmitSnapshotJob call, or the cover snapshots of a new video. The row is written before the job is queued, so a job the caller was told
/// about is never lost; <see cref="Spec"/> holds everything the runner needs, resolved and validated at submit time.
/// </summary>
public sealed class SnapshotJob
{
    public required string Id { get; init; }

    public required string VideoId { get; init; }

    public SnapshotJobKind Kind { get; init; }

    public SnapshotJobStatus Status { get; set; }

    /// <summary>The resolved job (times, sizes, sprite layout, callback) as JSON: see <c>SnapshotJobSpec</c>.</summary>
    public required string Spec { get; init; }

    public string? TemplateId { get; init; }

    public string? ReferenceId { get; init; }

    /// <summary>Base of the image URLs for this job, fixed at submit time.</summary>
    public required string PublicBaseUrl { get; init; }

    public DateTimeOffset CreationTime { get; init; }

    public DateTimeOffset? StartTime { get; set; }

    public DateTimeOffset? CompleteTime { get; set; }

    /// <summary>How the frames were extracted (the engine's strategy name).</summary>
    public string? Strategy { get; set; }

    /// <summary>Video frames ffmpeg decoded for the job (retries included); null until it succeeds.</summary>
    public long? DecodedFrames { get; set; }

    /// <summary>The fewest frames that show the job's frames (from the packet index); null when unknown.</summary>
    public long? MinimumDecodedFrames { get; set; }

    public string? ErrorCode { get; set; }

    public string? ErrorMessage { get; set; }

    /// <summary>How many times a runner has started this job (a restart after a crash runs it again).</summary>
    public int Attempts { get; set; }

    /// <summary>The W3C traceparent of the RPC call that submitted the job, so its runs join that call's trace; null outside a trace.</summary>
    public string? TraceParent { get; init; }
    /// <summary>The run holding the job (node name and a random part), or null when none does.</summary>
    public string? LeaseOwner { get; set; }

    /// <summary>Until when <see cref="LeaseOwner"/> holds the job unless it renews; after that any node may claim it.</summary>
    public DateTimeOffset? LeaseExpiresAt { get; set; }
}

/// <summary>The vendor's snapshot types.</summary>
public static class SnapshotType
{
    public const string Cover = "CoverSnapshot";
    public const string Normal = "NormalSnapshot";
    public const string Sprite = "SpriteSnapshot";
    public const string SpriteOrigin = "SpriteOriginSnapshot";
    public const string WebVtt = "WebVttSnapshot";

    public static readonly IReadOnlyList<string> All = [Cover, Normal, Sprite, SpriteOrigin, WebVtt];
}

/// <summary>One stored output file of a succeeded job.</summary>
public sealed class SnapshotImage
{
    public long Id { get; init; }

    public required string JobId { get; init; }

    public required string VideoId { get; init; }

    /// <summary>One of <see cref="SnapshotType"/>.</summary>
    public required string Type { get; init; }

    /// <summary>1-based serial within the job and type, as in the URL.</summary>
    public int Index { get; init; }

    /// <summary>Path below the video's folder, the same as the URL path after the video id.</summary>
    public required string RelativePath { get; init; }

    /// <summary>Presentation time of the frame in the image (for sheets: of their first cell), ms.</summary>
    public long? PresentationTimeMs { get; init; }
}
