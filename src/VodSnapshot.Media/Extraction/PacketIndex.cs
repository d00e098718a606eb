using VodSnapshot.Media.Probing;

namespace VodSnapshot.Media.Extraction;

/// <summary>A video packet as ffprobe lists it: presentation time and keyframe flag.</summary>
internal readonly record struct IndexedFrame(TimeSpan Pts, bool IsKey);

/// <summary>
/// The packets ffprobe read, sorted by presentation time, with the stretches of the timeline they are known to cover
/// completely. Built from the packets of <c>FFProbe.GetPacketsAsync</c> with <c>-show_entries packet=pts_time,flags</c>.
/// </summary>
internal sealed class PacketIndex
{
    private readonly List<IndexedFrame> _frames;

    private PacketIndex(List<IndexedFrame> frames) => _frames = frames;

    public IReadOnlyList<IndexedFrame> Frames => _frames;

    /// <summary>Parses lines such as <c>pts_time=1.040000|flags=K_</c>; lines without a time are skipped.</summary>
    public static PacketIndex Parse(string compactOutput) =>
        FromPackets(compactOutput.Split('\n').Select(rawLine =>
        {
            string? pts = null;
            string? flags = null;
            foreach (var field in rawLine.Trim().Split('|'))
            {
                if (field.StartsWith("pts_time=", StringComparison.Ordinal))
                {
                    pts = field["pts_time=".Length..];
                }
                else if (field.StartsWith("flags=", StringComparison.Ordinal))
                {
                    flags = field["flags=".Length..];
                }
            }

            return (pts, flags);
        }));

    /// <summary>Builds the index from ffprobe's packet times and flags (<c>K</c> marks a keyframe); packets without a time are skipped.</summary>
    public static PacketIndex FromPackets(IEnumerable<(string? PtsTime, string? Flags)> packets)
    {
        var frames = new List<IndexedFrame>();
        foreach (var (ptsTime, flags) in packets)
        {
            if (FfprobeReport.ParseSeconds(ptsTime) is { } time)
            {
                frames.Add(new IndexedFrame(time, flags?.Contains('K', StringComparison.Ordinal) == true));
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

    /// <summary>The time of the last keyframe at or before <paramref name="time"/> among the packets read, or null when none was.</summary>
    public TimeSpan? KeyframeAtOrBefore(TimeSpan time) => IndexAtOrBefore(time, keysOnly: true) is var i and >= 0 ? _frames[i].Pts : null;

    /// <summary>
    /// The fewest frames a decoder must decode to show <paramref name="picks"/> exactly: for each keyframe interval holding
    /// picks, the frames from its keyframe up to its last pick, in presentation order; null when the index lacks the
    /// keyframe before a pick (the scan did not reach it).
    /// </summary>
    public long? FramesToDecode(IEnumerable<FramePick> picks)
    {
        var lastPickOfKeyframe = new Dictionary<int, TimeSpan>();
        foreach (var pick in picks)
        {
            var key = IndexAtOrBefore(pick.Pts, keysOnly: true);
            if (key < 0)
            {
                return null;
            }

            lastPickOfKeyframe[key] = lastPickOfKeyframe.TryGetValue(key, out var last) && last > pick.Pts ? last : pick.Pts;
        }

        long frames = 0;
        foreach (var (key, last) in lastPickOfKeyframe)
        {
            frames += IndexAtOrBefore(last, keysOnly: false) - key + 1;
        }

        return frames;
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
