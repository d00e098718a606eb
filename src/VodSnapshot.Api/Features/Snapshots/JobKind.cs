using VodSnapshot.Api.Features.Snapshots.Planning;
using VodSnapshot.Api.Persistence;

namespace VodSnapshot.Api.Features.Snapshots;

/// <summary>
/// A job's type in one word, as the job list, the console and the metrics name it: Cover for the automatic covers, else
/// what it produces beside its normal snapshots (WebVtt: sprites with a thumbnail track; Sprite; Normal).
/// </summary>
public static class JobKind
{
    public const string Cover = "Cover";

    public static string Of(SnapshotJobSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec.WebVtt is not null ? "WebVtt" : spec.Sprite is not null ? "Sprite" : "Normal";
    }

    /// <summary>The type of <paramref name="job"/>; Unknown when its spec could not be read.</summary>
    public static string Of(SnapshotJob job, SnapshotJobSpec? spec)
    {
        ArgumentNullException.ThrowIfNull(job);
        return job.Kind == SnapshotJobKind.Cover ? Cover : spec is null ? "Unknown" : Of(spec);
    }
}
