using VodSnapshot.Api.Features.Snapshots.Planning;
using VodSnapshot.Media.Probing;

namespace VodSnapshot.Api.Features.Covers;

/// <summary>
/// The vendor's cover set (vod-lifecycle §8.1) as a snapshot request: up to 8 images from keyframes, evenly spread
/// from 5 ms to the end (times <c>0.005 + i·(D − 0.005)/N</c>, the planner's even spread with Interval 0), each the
/// keyframe nearest its time, at source size. N is 8, or the number of keyframes when the probe tells it (the video's
/// length over its keyframe interval, rounded up), so a video with fewer keyframes gets fewer covers. The middle image,
/// 1-based <c>floor(N/2)+1</c>, becomes the cover. Pure.
/// </summary>
public static class CoverPlan
{
    /// <summary>Most cover snapshots of one video.</summary>
    public const int MaxCovers = 8;

    /// <summary>Time of the first cover snapshot, ms.</summary>
    public const long FirstTimeMs = 5;

    /// <summary>How many covers to plan for <paramref name="probe"/>: 8, or fewer when it has fewer keyframes.</summary>
    public static int Count(MediaProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        if (probe.KeyframeInterval is not { Ticks: > 0 } interval || probe.Duration <= TimeSpan.Zero)
        {
            return MaxCovers;
        }

        // Keyframes at 0, KI, 2·KI, … strictly before the end.
        var keyframes = (probe.Duration.Ticks + interval.Ticks - 1) / interval.Ticks;
        return (int)Math.Clamp(keyframes, 1, MaxCovers);
    }

    /// <summary>The request a cover job resolves like any snapshot job, capped at <paramref name="maxPerJob"/> images.</summary>
    public static SnapshotRequest Request(MediaProbe probe, int maxPerJob = MaxCovers) =>
        new(new SnapshotTiming(SpecifiedOffsetTime: FirstTimeMs, Count: Math.Min(Count(probe), Math.Max(1, maxPerJob)), Interval: 0), null, null, SnapshotFrameType.Intra, null);

    /// <summary>The 1-based serial of the image that becomes the cover among <paramref name="count"/> (at least 1).</summary>
    public static int CoverIndex(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        return (count / 2) + 1;
    }
}
