namespace VodSnapshot.Media.Extraction;

/// <summary>
/// Groups exact frames into seek ranges: each range is one input that seeks to its first frame (landing on the keyframe at
/// or before it) and decodes on to its last. Pure.
/// <para>
/// The least decoding that shows a set of frames is, for each keyframe interval holding some, the frames from its keyframe
/// up to the last of them. Decoding on from frame a to a later frame b costs the frames in between; seeking to b instead
/// costs a seek and the frames from b's keyframe to b. So b joins a's range when b's keyframe is at or before a (the same
/// interval: nothing is decoded twice), or when the frames from a to b's keyframe cost less than a seek. When the keyframes
/// are not known, a keyframe is assumed half an interval before b.
/// </para>
/// <para>
/// Measured on 2 cores (1080p25 H.264, a keyframe every 2 s, 60 frames a second apart, busy machine): one pass decoded
/// 1477 frames against a minimum of 820 and took 8.9 CPU-s; one range per keyframe interval (30 inputs over 2–4
/// processes, one thread each) decoded 850 and took 6.6–7.0 CPU-s. An input costs about 0.04 CPU-s beyond its frames
/// (opening, probing and seeking the file), about ten 1080p frames: <see cref="ExtractionTuning.SeekCostAt1080p25"/>.
/// ffmpeg decodes one frame past the last it writes on every input, so each range costs one frame over the minimum.
/// </para>
/// </summary>
internal static class SeekRanges
{
    /// <summary>
    /// Ranges over <paramref name="picks"/> (indices into <paramref name="frames"/>, ascending by time): consecutive frames
    /// stay together while decoding on costs no more than <paramref name="seekCost"/> of video.
    /// </summary>
    /// <param name="keyframeBefore">The keyframe at or before a time, when the source's keyframes are known.</param>
    public static List<List<int>> Group(
        IReadOnlyList<FramePick> frames, IReadOnlyList<int> picks, Func<TimeSpan, TimeSpan?> keyframeBefore, TimeSpan keyframeInterval, TimeSpan seekCost)
    {
        var ranges = new List<List<int>>();
        foreach (var pick in picks)
        {
            if (ranges.Count > 0 && DecodingOnCost(frames[ranges[^1][^1]].Pts, frames[pick].Pts, keyframeBefore, keyframeInterval) <= seekCost)
            {
                ranges[^1].Add(pick);
            }
            else
            {
                ranges.Add([pick]);
            }
        }

        return ranges;
    }

    /// <summary>What decoding on from <paramref name="from"/> to <paramref name="to"/> costs beyond seeking to <paramref name="to"/>.</summary>
    internal static TimeSpan DecodingOnCost(TimeSpan from, TimeSpan to, Func<TimeSpan, TimeSpan?> keyframeBefore, TimeSpan keyframeInterval)
    {
        var keyframe = keyframeBefore(to) ?? to - (keyframeInterval / 2);
        return keyframe > from ? keyframe - from : TimeSpan.Zero;
    }

    /// <summary>
    /// Cuts ranges, in order, into <paramref name="parts"/> groups of near-equal cost (each range costs its span plus
    /// <paramref name="seekCost"/>), or into more when a group could otherwise hold over <paramref name="perPart"/> ranges.
    /// </summary>
    public static List<List<List<int>>> Spread(IReadOnlyList<FramePick> frames, List<List<int>> ranges, int parts, int perPart, TimeSpan seekCost)
    {
        if (ranges.Count == 0)
        {
            return [];
        }

        var costs = ranges.Select(r => (frames[r[^1]].Pts - frames[r[0]].Pts + seekCost).Ticks).ToList();
        parts = Math.Clamp(Math.Max(parts, (ranges.Count + perPart - 1) / Math.Max(1, perPart)), 1, Math.Max(1, ranges.Count));
        var groups = new List<List<List<int>>>();
        var remaining = costs.Sum();
        var start = 0;
        for (var part = 0; part < parts; part++)
        {
            var left = parts - part;
            var target = remaining / left;

            // At least one range, and enough that the later parts can hold the rest; then ranges while this part is short of its share.
            var least = Math.Max(1, ranges.Count - start - ((left - 1) * perPart));
            var end = start;
            long cost = 0;
            while (end < ranges.Count - (left - 1)
                && (end - start < least || (end - start < perPart && cost + (costs[end] / 2) <= target) || part == parts - 1))
            {
                cost += costs[end];
                end++;
            }

            groups.Add(ranges.GetRange(start, end - start));
            remaining -= cost;
            start = end;
        }

        return groups;
    }
}
