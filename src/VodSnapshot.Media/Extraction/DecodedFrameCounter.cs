using System.Globalization;
using System.Text.RegularExpressions;

namespace VodSnapshot.Media.Extraction;

/// <summary>
/// Counts the video frames ffmpeg decoded, from the closing statistics it logs at verbose level
/// (<c>Input stream #0:0 (video): 33 packets read (51133 bytes); 30 frames decoded;</c>, one line per decoded input).
/// The count includes the frames an input seek decodes and then drops on its way from the keyframe to the seek point.
/// Runs start with <c>-loglevel level+verbose</c>, so every line carries its level; verbose lines other than the
/// statistics are taken here too, which keeps the error tail as it was at info level. Thread-safe.
/// </summary>
internal sealed partial class DecodedFrameCounter
{
    private long _frames;
    private int _inputs;

    /// <summary>Frames decoded by every run whose statistics this counter has seen.</summary>
    public long Frames => Interlocked.Read(ref _frames);

    /// <summary>How many decoded inputs reported their statistics.</summary>
    public int Inputs => Volatile.Read(ref _inputs);

    /// <summary>Takes one stderr line; true when it was a verbose line (so it need not be kept for error messages).</summary>
    public bool Accept(string line)
    {
        if (!IsVerbose(line))
        {
            return false;
        }

        var match = StatisticsLine().Match(line);
        if (match.Success)
        {
            Interlocked.Add(ref _frames, long.Parse(match.Groups["frames"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture));
            Interlocked.Increment(ref _inputs);
        }

        return true;
    }

    /// <summary>ffmpeg puts the level after the context (<c>[h264 @ 0x…] [verbose] …</c>) or first when there is none.</summary>
    private static bool IsVerbose(string line) =>
        line.StartsWith("[verbose] ", StringComparison.Ordinal) || line.Contains("] [verbose] ", StringComparison.Ordinal);

    [GeneratedRegex(@"Input stream #\d+:\d+ \(video\): \d+ packets read \(\d+ bytes\); (?<frames>\d+) frames decoded", RegexOptions.CultureInvariant)]
    private static partial Regex StatisticsLine();
}
