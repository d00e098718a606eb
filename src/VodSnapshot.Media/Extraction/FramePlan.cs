using VodSnapshot.Media.Probing;

namespace VodSnapshot.Media.Extraction;

/// <summary>One frame to decode, by its presentation time on the source's own clock (not relative to the start).</summary>
/// <param name="Pts">The frame's presentation time.</param>
/// <param name="Margin">
/// At most half the distance to either neighbouring frame. Seeking to <c>Pts − Margin</c> and taking the first frame at or after
/// that point yields this frame; a decoded time within <c>Margin / 2</c> of <see cref="Pts"/> confirms it.
/// </param>
internal readonly record struct FramePick(TimeSpan Pts, TimeSpan Margin)
{
    public TimeSpan SeekPoint => Pts - Margin;

    /// <summary>
    /// A point inside this frame's display time (after it by a quarter of the gap to its neighbours): a seek there lands on
    /// the keyframe at or before this frame, never on one before that, so a frame that is itself a keyframe decodes alone.
    /// </summary>
    public TimeSpan LandingPoint => Pts + (Margin / 2);

    public bool IsConfirmedBy(TimeSpan decoded) => (decoded - Pts).Duration() <= Margin / 2;
}

/// <summary>The distinct frames to decode, ascending, and which of them answers each requested time.</summary>
/// <param name="Picks">Distinct frames in presentation order.</param>
/// <param name="PickOfTime">For each requested time (in request order), the index into <see cref="Picks"/>; -1 when it could not be decided.</param>
internal sealed record FramePlan(IReadOnlyList<FramePick> Picks, IReadOnlyList<int> PickOfTime)
{
    public IEnumerable<int> Undecided => PickOfTime.Select((pick, time) => (pick, time)).Where(x => x.pick < 0).Select(x => x.time);

    /// <summary>Collapses repeated frames so each is decoded once; <paramref name="choices"/> holds one pick (or null) per requested time.</summary>
    public static FramePlan FromChoices(IReadOnlyList<FramePick?> choices)
    {
        var distinct = choices.OfType<FramePick>().DistinctBy(p => p.Pts).OrderBy(p => p.Pts).ToList();
        var indexByPts = distinct.Select((pick, index) => (pick.Pts, index)).ToDictionary(x => x.Pts, x => x.index);
        var pickOfTime = choices.Select(choice => choice is { } pick ? indexByPts[pick.Pts] : -1).ToList();
        return new FramePlan(distinct, pickOfTime);
    }
}


/// <summary>Maps requested times to frames. Pure: frame times are either computed or looked up in a <see cref="PacketIndex"/>.</summary>
internal static class FramePlanner
{
    /// <summary>
    /// How far past a frame a read must go to be sure of meeting it: packets arrive in decode order, so a B-frame shown
    /// before a time can come after a packet shown later than it.
    /// </summary>
    public static readonly TimeSpan ReorderAllowance = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How far apart keyframes are taken to be when the probe saw fewer than two, for sizing the search for the next one.
    /// Generous on purpose: too short a search is answered by a second scan of the whole file.
    /// </summary>
    private static readonly TimeSpan KeyframeSearchWhenUnknown = TimeSpan.FromSeconds(10);

    /// <summary>A scan that seeks to more windows than this, or covers more of the file, reads the file from the start instead.</summary>
    private const int MaxScanWindows = 64;

    /// <summary>
    /// For a constant-frame-rate source, frame n is shown from start + n/rate until the next, so the frame shown at t is
    /// n = floor(t·rate). A tiny allowance keeps a time exactly on a boundary (t = n/rate, not representable in binary)
    /// from falling into the frame before.
    /// </summary>
    public static FramePlan ForConstantRate(MediaProbe probe, IReadOnlyList<TimeSpan> times)
    {
        var rate = probe.FrameRate;
        var margin = TimeSpan.FromSeconds(0.5 / rate);
        var choices = times.Select(t =>
        {
            var frame = Math.Floor((t.TotalSeconds * rate) + 1e-6);
            return (FramePick?)new FramePick(probe.StartTime + TimeSpan.FromSeconds(frame / rate), margin);
        }).ToList();
        return FramePlan.FromChoices(choices);
    }

    /// <summary>Looks each time up in a packet scan; times the scan cannot answer stay undecided.</summary>
    public static FramePlan FromIndex(MediaProbe probe, PacketIndex index, IReadOnlyList<TimeSpan> times, FrameSelection selection, ScanRange range)
    {
        var choices = times.Select(t =>
        {
            var target = probe.StartTime + t;
            var coverage = range.CoverageFor(target);
            return selection == FrameSelection.Exact
                ? index.LastAtOrBefore(target, coverage)
                : index.NearestKeyframe(target, coverage);
        }).ToList();
        return FramePlan.FromChoices(choices);
    }

    /// <summary>The stretches of the file a packet scan must read to answer <paramref name="times"/>.</summary>
    public static ScanRange ScanFor(MediaProbe probe, IReadOnlyList<TimeSpan> times, FrameSelection selection)
    {
        var lookAhead = selection == FrameSelection.Exact
            ? Max(ReorderAllowance, TimeSpan.FromSeconds(16 / Math.Max(probe.FrameRate, 1)))
            : 2 * (probe.KeyframeInterval ?? KeyframeSearchWhenUnknown);

        // The scan seeks to each target and lands on the keyframe at or before it, so it sees the frames leading up to it.
        var windows = new List<(TimeSpan Start, TimeSpan End)>();
        foreach (var target in times.Select(t => probe.StartTime + t).Order())
        {
            var end = target + lookAhead;
            if (windows.Count > 0 && target <= windows[^1].End)
            {
                windows[^1] = (windows[^1].Start, Max(windows[^1].End, end));
            }
            else
            {
                windows.Add((target, end));
            }
        }

        var covered = windows.Aggregate(TimeSpan.Zero, (sum, w) => sum + (w.End - w.Start));
        return windows.Count > MaxScanWindows || covered * 2 > probe.Duration
            ? ScanRange.FromStart(selection == FrameSelection.Exact ? windows.Max(w => w.End) : null)
            : new ScanRange(windows);
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
