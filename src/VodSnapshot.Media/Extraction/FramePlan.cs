using System.Text;
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

/// <summary>A video packet as ffprobe lists it: presentation time and keyframe flag.</summary>
internal readonly record struct IndexedFrame(TimeSpan Pts, bool IsKey);

/// <summary>
/// The packets ffprobe read, sorted by presentation time, with the stretches of the timeline they are known to cover
/// completely. Built from <c>-show_entries packet=pts_time,flags -of compact=p=0</c> output.
/// </summary>
internal sealed class PacketIndex
{
    private readonly List<IndexedFrame> _frames;

    private PacketIndex(List<IndexedFrame> frames) => _frames = frames;

    public IReadOnlyList<IndexedFrame> Frames => _frames;

    /// <summary>Parses lines such as <c>pts_time=1.040000|flags=K_</c>; lines without a time are skipped.</summary>
    public static PacketIndex Parse(string compactOutput)
    {
        var frames = new List<IndexedFrame>();
        foreach (var rawLine in compactOutput.Split('\n'))
        {
            var line = rawLine.Trim();
            TimeSpan? pts = null;
            var isKey = false;
            foreach (var field in line.Split('|'))
            {
                if (field.StartsWith("pts_time=", StringComparison.Ordinal))
                {
                    pts = FfprobeReport.ParseSeconds(field["pts_time=".Length..]);
                }
                else if (field.StartsWith("flags=", StringComparison.Ordinal))
                {
                    isKey = field.Contains('K', StringComparison.Ordinal);
                }
            }

            if (pts is { } time)
            {
                frames.Add(new IndexedFrame(time, isKey));
            }
        }

        frames.Sort((a, b) => a.Pts.CompareTo(b.Pts));
        return new PacketIndex(frames.DistinctBy(f => f.Pts).ToList());
    }

    /// <summary>
    /// The last frame at or before <paramref name="target"/>, or null when the scan cannot tell. Frames earlier than
    /// <paramref name="coverage"/>'s start may come from another window's read, so they prove nothing: a scan whose seek
    /// landed after the target would otherwise answer with a frame from a window before it.
    /// </summary>
    public FramePick? LastAtOrBefore(TimeSpan target, ScanCoverage coverage)
    {
        var i = IndexAtOrBefore(target, keysOnly: false);
        return i >= 0 && _frames[i].Pts >= coverage.From ? PickAt(i) : null;
    }

    /// <summary>
    /// The keyframe nearest to <paramref name="target"/> (the earlier one on a tie), or null when the scan cannot tell:
    /// no keyframe at or before the target was read in its own window, or a later keyframe may lie beyond the window and be nearer.
    /// </summary>
    public FramePick? NearestKeyframe(TimeSpan target, ScanCoverage coverage)
    {
        var before = IndexAtOrBefore(target, keysOnly: true);
        if (before < 0 || _frames[before].Pts < coverage.From)
        {
            return null;
        }

        var after = -1;
        for (var i = before + 1; i < _frames.Count && _frames[i].Pts <= coverage.Until; i++)
        {
            if (_frames[i].IsKey && _frames[i].Pts > target)
            {
                after = i;
                break;
            }
        }

        var distanceBefore = target - _frames[before].Pts;
        if (after < 0)
        {
            return coverage.Until - target >= distanceBefore ? PickAt(before) : null;
        }

        return _frames[after].Pts - target < distanceBefore ? PickAt(after) : PickAt(before);
    }

    private int IndexAtOrBefore(TimeSpan target, bool keysOnly)
    {
        // ffprobe prints times rounded to the microsecond; allow for that so a frame exactly on the target is not missed.
        var limit = target + TimeSpan.FromTicks(5);
        var low = 0;
        var high = _frames.Count - 1;
        var found = -1;
        while (low <= high)
        {
            var mid = (low + high) / 2;
            if (_frames[mid].Pts <= limit)
            {
                found = mid;
                low = mid + 1;
            }
            else
            {
                high = mid - 1;
            }
        }

        while (keysOnly && found >= 0 && !_frames[found].IsKey)
        {
            found--;
        }

        return found;
    }

    /// <summary>
    /// The margin is half the distance to the nearer neighbour, so a window of ± margin holds this frame only;
    /// a neighbour the scan did not read counts as 2 ms away.
    /// </summary>
    private FramePick PickAt(int index)
    {
        var pts = _frames[index].Pts;
        var gap = TimeSpan.FromMilliseconds(2);
        if (index > 0)
        {
            gap = pts - _frames[index - 1].Pts;
        }

        if (index + 1 < _frames.Count && _frames[index + 1].Pts - pts < gap)
        {
            gap = _frames[index + 1].Pts - pts;
        }

        return new FramePick(pts, gap / 2);
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

/// <summary>
/// The stretch of the timeline a scan read contiguously around a target: from the end of the previous window (anything
/// earlier may be another window's) to the end of the target's own window.
/// </summary>
internal readonly record struct ScanCoverage(TimeSpan From, TimeSpan Until);

/// <summary>What a packet scan reads: windows it seeks to, or the file from its start (up to an end, or all of it).</summary>
internal sealed class ScanRange
{
    private readonly TimeSpan? _fromStartUntil;

    public ScanRange(IReadOnlyList<(TimeSpan Start, TimeSpan End)> windows)
    {
        Windows = windows;
    }

    private ScanRange(TimeSpan? until)
    {
        Windows = [];
        _fromStartUntil = until;
    }

    /// <summary>Windows the scan seeks to, in order and not overlapping; empty when it reads from the start of the file.</summary>
    public IReadOnlyList<(TimeSpan Start, TimeSpan End)> Windows { get; }

    /// <summary>A scan from the start of the file, up to <paramref name="until"/> or, when null, to its end.</summary>
    public static ScanRange FromStart(TimeSpan? until) => new(until);

    public ScanCoverage CoverageFor(TimeSpan target)
    {
        if (Windows.Count == 0)
        {
            return new ScanCoverage(TimeSpan.MinValue, _fromStartUntil ?? TimeSpan.MaxValue);
        }

        var from = TimeSpan.MinValue;
        foreach (var (start, end) in Windows)
        {
            if (target >= start && target <= end)
            {
                return new ScanCoverage(from, end);
            }

            from = end;
        }

        // Not a target this scan was planned for: nothing read can vouch for it.
        return new ScanCoverage(TimeSpan.MaxValue, TimeSpan.MinValue);
    }

    /// <summary>The value of ffprobe's <c>-read_intervals</c>, or null to read the whole file.</summary>
    public string? ToReadIntervals()
    {
        if (Windows.Count == 0)
        {
            return _fromStartUntil is { } until ? "%" + FfmpegCommands.Seconds(until) : null;
        }

        var builder = new StringBuilder();
        foreach (var (start, end) in Windows)
        {
            if (builder.Length > 0)
            {
                builder.Append(',');
            }

            builder.Append(FfmpegCommands.Seconds(start)).Append('%').Append(FfmpegCommands.Seconds(end));
        }

        return builder.ToString();
    }
}
