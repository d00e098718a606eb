using System.Globalization;
using System.Text.RegularExpressions;

namespace VodSnapshot.Media.Extraction;

/// <summary>
/// Collects what ffmpeg's <c>showinfo</c> filter logs: the time base of each named instance and the presentation
/// timestamp of every frame it passed on. Each output branch has its own instance (<c>showinfo@NAME</c>), so the lines say
/// which decoded frame became which image. Thread-safe: lines arrive on the stderr pump.
/// </summary>
internal sealed partial class ShowInfoLog
{
    private readonly Dictionary<string, (long Num, long Den)> _timeBases = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<long>> _frames = new(StringComparer.Ordinal);

    /// <summary>Takes one stderr line; true when it was a showinfo line (so it need not be kept for error messages).</summary>
    public bool Accept(string line)
    {
        var frame = FrameLine().Match(line);
        if (frame.Success)
        {
            var pts = long.Parse(frame.Groups["pts"].ValueSpan, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            lock (_frames)
            {
                var name = frame.Groups["name"].Value;
                if (!_frames.TryGetValue(name, out var list))
                {
                    _frames[name] = list = [];
                }

                list.Add(pts);
            }

            return true;
        }

        var config = ConfigLine().Match(line);
        if (config.Success)
        {
            lock (_frames)
            {
                _timeBases[config.Groups["name"].Value] = (
                    long.Parse(config.Groups["num"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture),
                    long.Parse(config.Groups["den"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture));
            }

            return true;
        }

        return line.Contains("[showinfo@", StringComparison.Ordinal);
    }

    /// <summary>
    /// The source presentation time of the <paramref name="ordinal"/>-th frame (0-based) that instance <paramref name="name"/>
    /// passed, or null when it passed fewer. <paramref name="offset"/> is the input's <c>-ss</c> (whole microseconds): ffmpeg
    /// subtracted it after rounding it to the stream's time base, half away from zero, and the same rounding is undone here
    /// so the time comes out exact.
    /// </summary>
    public TimeSpan? FrameTime(string name, int ordinal, TimeSpan offset)
    {
        long pts;
        (long Num, long Den) timeBase;
        lock (_frames)
        {
            if (!_frames.TryGetValue(name, out var list) || ordinal >= list.Count
                || !_timeBases.TryGetValue(name, out timeBase) || timeBase.Num <= 0 || timeBase.Den <= 0)
            {
                return null;
            }

            pts = list[ordinal];
        }

        var offsetMicroseconds = (decimal)(offset.Ticks / 10);
        var offsetInTimeBase = Math.Round(offsetMicroseconds * timeBase.Den / (timeBase.Num * 1_000_000m), MidpointRounding.AwayFromZero);
        var ticks = (pts + offsetInTimeBase) * timeBase.Num * TimeSpan.TicksPerSecond / timeBase.Den;
        return TimeSpan.FromTicks((long)Math.Round(ticks, MidpointRounding.AwayFromZero));
    }

    [GeneratedRegex(@"\[showinfo@(?<name>[A-Za-z0-9_]+) @ [^\]]*\](?: \[info\])? n:\s*\d+ pts:\s*(?<pts>-?\d+) ", RegexOptions.CultureInvariant)]
    private static partial Regex FrameLine();

    [GeneratedRegex(@"\[showinfo@(?<name>[A-Za-z0-9_]+) @ [^\]]*\](?: \[info\])? config in time_base: (?<num>\d+)/(?<den>\d+)", RegexOptions.CultureInvariant)]
    private static partial Regex ConfigLine();
}
