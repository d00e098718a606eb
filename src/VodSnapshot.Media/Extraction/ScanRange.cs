using System.Text;

namespace VodSnapshot.Media.Extraction;

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
