using System.Globalization;

namespace VodSnapshot.Media.Ffmpeg;

/// <summary>When a run last showed progress; updated from the output threads and the watchdog.</summary>
internal sealed class ProgressWatch(bool countsReads)
{
    private static readonly string[] ProgressKeys = ["frame=", "out_time_us=", "total_size=", "progress=end"];

    private readonly Dictionary<string, string> _last = new(StringComparer.Ordinal);
    private long _lastProgress = Environment.TickCount64;
    private long _lastRead = -1;

    /// <summary>Progress is told by the bytes the process reads (FFProbe calls), not by output lines.</summary>
    public bool CountsReads { get; } = countsReads;

    public TimeSpan SinceLastProgress => TimeSpan.FromMilliseconds(Environment.TickCount64 - Interlocked.Read(ref _lastProgress));

    public void Touch() => Interlocked.Exchange(ref _lastProgress, Environment.TickCount64);

    /// <summary>Counts a change in the bytes read as progress.</summary>
    public void RecordRead(long bytes)
    {
        if (Interlocked.Exchange(ref _lastRead, bytes) != bytes)
        {
            Touch();
        }
    }

    /// <summary>Stores the latest value of a progress key; true when it differs from the one before.</summary>
    public bool Record(string key, string line)
    {
        lock (_last)
        {
            if (_last.TryGetValue(key, out var previous) && previous == line)
            {
                return false;
            }

            _last[key] = line;
            return true;
        }
    }

    /// <summary>Bytes the process has read so far (<c>rchar</c> of <c>/proc/&lt;pid&gt;/io</c>), or null when unknown.</summary>
    public static long? BytesRead(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/io"))
            {
                if (line.StartsWith("rchar:", StringComparison.Ordinal))
                {
                    return long.Parse(line.AsSpan("rchar:".Length).Trim(), NumberStyles.None, CultureInfo.InvariantCulture);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
        }

        return null;
    }

    /// <summary>
    /// ffmpeg prints its progress block about twice a second even while it waits on input that never comes,
    /// so only a change in frames written, output time or bytes counts as progress.
    /// </summary>
    public bool IsProgressChange(string line)
    {
        foreach (var key in ProgressKeys)
        {
            if (line.StartsWith(key, StringComparison.Ordinal))
            {
                return Record(key, line);
            }
        }

        return false;
    }
}
