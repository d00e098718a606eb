using System.Globalization;
using VodSnapshot.Api.Rpc;

namespace VodSnapshot.Api.Features.Snapshots.Planning;

/// <summary>
/// Turns a job's timing parameters into capture times, following the project's reading of the vendor's
/// Count/Interval rule:
/// <list type="bullet">
/// <item>SpecifiedOffsetTimes given: exactly those times (the other parameters are ignored), sorted ascending
/// with repeats captured once, because images are numbered and sprite cells filled in time order and the
/// extractor reads forward through the video.</item>
/// <item>Neither Count nor Interval: one snapshot at SpecifiedOffsetTime.</item>
/// <item>Only Count: Interval defaults to 1 s.</item>
/// <item>Only Interval &gt; 0: as many snapshots as fit in [offset, duration).</item>
/// <item>Both, Interval &gt; 0: offset + k·Interval for k &lt; Count, so whichever of the two gives fewer wins.</item>
/// <item>Interval = 0: Count snapshots (default 1) at offset + k·(duration − offset)/Count, exact to the tick.</item>
/// </list>
/// A time at or after the duration is past the end and dropped; the last frame starts before the duration.
/// More times inside the video than <see cref="MaxSnapshots"/> is refused with InvalidParameter naming Count
/// (or Interval, or SpecifiedOffsetTimes, whichever produced them); counting happens before any list is built,
/// so a huge Count costs nothing.
/// </summary>
public sealed class SnapshotPlanner
{
    /// <summary>Default limit on snapshots per job.</summary>
    public const int DefaultMaxSnapshots = 10_000;

    private static readonly Int128 TicksPerMillisecond = TimeSpan.TicksPerMillisecond;

    private static readonly Int128 TicksPerSecond = TimeSpan.TicksPerSecond;

    public SnapshotPlanner(int maxSnapshots = DefaultMaxSnapshots)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSnapshots, 1);
        MaxSnapshots = maxSnapshots;
    }

    /// <summary>Most capture times one job may have.</summary>
    public int MaxSnapshots { get; }

    /// <param name="duration">Length of the video; times at or after it are past the end.</param>
    /// <param name="timing">The job's parameters; values outside the vendor's ranges are refused as InvalidParameter.</param>
    public SnapshotPlan Plan(TimeSpan duration, SnapshotTiming timing)
    {
        ArgumentNullException.ThrowIfNull(timing);
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);

        Int128 end = duration.Ticks;
        if (timing.SpecifiedOffsetTimes is { } explicitTimes)
        {
            return PlanExplicit(end, explicitTimes);
        }

        var offsetMs = timing.SpecifiedOffsetTime ?? 0;
        if (offsetMs < 0)
        {
            throw RpcErrors.InvalidParameter("SpecifiedOffsetTime", "It must be at least 0.");
        }

        if (timing.Count is < 1)
        {
            throw RpcErrors.InvalidParameter("Count", "It must be at least 1.");
        }

        if (timing.Interval is < 0)
        {
            throw RpcErrors.InvalidParameter("Interval", "It must be at least 0.");
        }

        var offset = offsetMs * TicksPerMillisecond;
        var span = end - offset;

        if (timing.Count is null && timing.Interval is null)
        {
            return span > 0 ? Series(offset, 1, _ => 0, 0) : Empty(1);
        }

        if (timing.Interval == 0)
        {
            // Even spread: each time computed from k directly, so no rounding error builds up along the series.
            var count = timing.Count ?? 1;
            if (span <= 0)
            {
                return Empty(count);
            }

            EnsureWithinCap(count, "Count");
            return Series(offset, count, k => k * span / count, 0);
        }

        var step = (timing.Interval ?? 1) * TicksPerSecond;
        var fit = span > 0 ? (span + step - 1) / step : 0;
        if (timing.Count is { } requested)
        {
            var taken = (long)Int128.Min(requested, fit);
            EnsureWithinCap(taken, "Count");
            return taken == 0 ? Empty(requested) : Series(offset, taken, k => k * step, requested - taken);
        }

        // Interval alone asks for the snapshot at the offset and then as many more as fit.
        if (fit == 0)
        {
            return Empty(1);
        }

        EnsureWithinCap(fit, "Interval");
        return Series(offset, (long)fit, k => k * step, 0);
    }

    private static SnapshotPlan Empty(long dropped) => new(Array.Empty<TimeSpan>(), dropped, 0);

    private static SnapshotPlan Series(Int128 offset, long count, Func<Int128, Int128> delta, long dropped)
    {
        var times = new TimeSpan[count];
        for (var k = 0L; k < count; k++)
        {
            times[k] = new TimeSpan((long)(offset + delta(k)));
        }

        return new SnapshotPlan(Array.AsReadOnly(times), dropped, 0);
    }

    private SnapshotPlan PlanExplicit(Int128 end, IReadOnlyList<long> requested)
    {
        SnapshotParameters.ValidateSpecifiedOffsetTimes(requested);
        var distinct = requested.Distinct().Order().ToList();
        var inside = distinct
            .Where(ms => ms * TicksPerMillisecond < end)
            .Select(ms => new TimeSpan((long)(ms * TicksPerMillisecond)))
            .ToArray();

        EnsureWithinCap(inside.Length, "SpecifiedOffsetTimes");
        return new SnapshotPlan(Array.AsReadOnly(inside), distinct.Count - inside.Length, requested.Count - distinct.Count);
    }

    private void EnsureWithinCap(Int128 count, string parameter)
    {
        if (count > MaxSnapshots)
        {
            throw RpcErrors.InvalidParameter(parameter, string.Create(CultureInfo.InvariantCulture,
                $"The job would take {count} snapshots; at most {MaxSnapshots} are allowed per job."));
        }
    }
}
