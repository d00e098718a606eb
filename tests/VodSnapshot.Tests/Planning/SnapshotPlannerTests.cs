using VodSnapshot.Api.Features.Snapshots.Planning;
using VodSnapshot.Tests.TestSupport;

namespace VodSnapshot.Tests.Planning;

[Trait("Category", "Unit")]
public class SnapshotPlannerTests
{
    private static readonly TimeSpan TenSeconds = TimeSpan.FromSeconds(10);

    private readonly SnapshotPlanner _planner = new();

    /// <summary>Offset (ms), Count, Interval (s) → expected times (ms) and dropped count, on a 10 s video.</summary>
    public static TheoryData<long?, long?, long?, long[], long> SeriesRules => new()
    {
        // Neither Count nor Interval: one snapshot at the offset.
        { null, null, null, [0], 0 },
        { 2500, null, null, [2500], 0 },
        { 9999, null, null, [9999], 0 },
        // Only Count: Interval defaults to 1 s.
        { null, 3, null, [0, 1000, 2000], 0 },
        { 8500, 3, null, [8500, 9500], 1 },
        // Only Interval: as many as fit in [offset, duration).
        { null, null, 3, [0, 3000, 6000, 9000], 0 },
        { 1000, null, 3, [1000, 4000, 7000], 0 },
        { null, null, 5, [0, 5000], 0 },
        { null, null, 20, [0], 0 },
        // Both: offset + k·Interval for k < Count, whichever gives fewer wins.
        { null, 3, 2, [0, 2000, 4000], 0 },
        { null, 10, 3, [0, 3000, 6000, 9000], 6 },
        { 6000, 2, 5, [6000], 1 },
        // Interval = 0: Count evenly over [offset, duration).
        { null, 4, 0, [0, 2500, 5000, 7500], 0 },
        { 2000, 4, 0, [2000, 4000, 6000, 8000], 0 },
        { 3000, null, 0, [3000], 0 },
        { null, 1, 0, [0], 0 },
    };

    [Theory]
    [MemberData(nameof(SeriesRules))]
    public void Plan_follows_the_count_and_interval_rules(long? offset, long? count, long? interval, long[] expectedMs, long dropped)
    {
        var plan = _planner.Plan(TenSeconds, new SnapshotTiming(offset, count, interval));

        Assert.Equal(expectedMs.Select(Ms), plan.Times);
        Assert.Equal(dropped, plan.DroppedPastEnd);
        Assert.Equal(0, plan.DuplicatesRemoved);
        Assert.False(plan.IsOutsideVideo);
    }

    /// <summary>Every way of asking for times that all lie at or after the end of a 10 s video.</summary>
    public static TheoryData<long?, long?, long?, long> PlansOutsideTheVideo => new()
    {
        { 10_000, null, null, 1 },
        { 12_000, null, null, 1 },
        { 10_000, 5, null, 5 },
        { 10_000, null, 2, 1 },
        { 10_000, 3, 2, 3 },
        { 10_000, 4, 0, 4 },
        { 15_000, null, 0, 1 },
        { long.MaxValue, 2, 1, 2 },
    };

    [Theory]
    [MemberData(nameof(PlansOutsideTheVideo))]
    public void Plan_with_no_time_inside_the_video_is_outside_video_rather_than_an_error(long? offset, long? count, long? interval, long dropped)
    {
        var plan = _planner.Plan(TenSeconds, new SnapshotTiming(offset, count, interval));

        Assert.True(plan.IsOutsideVideo);
        Assert.Empty(plan.Times);
        Assert.Equal(dropped, plan.DroppedPastEnd);
        Assert.Equal("InvalidParameter.SpecifiedOffsetTime", SnapshotPlan.OutsideVideoErrorCode);
    }

    [Fact]
    public void Plan_treats_a_time_equal_to_the_duration_as_past_the_end()
    {
        Assert.Equal([Ms(9999)], _planner.Plan(TenSeconds, new SnapshotTiming(SpecifiedOffsetTimes: [9999, 10_000])).Times);
        Assert.True(_planner.Plan(TenSeconds, new SnapshotTiming(10_000)).IsOutsideVideo);
    }

    [Fact]
    public void Plan_keeps_a_time_just_before_a_duration_that_is_not_whole_milliseconds()
    {
        var duration = TimeSpan.FromTicks(TenSeconds.Ticks + 5);
        Assert.Equal([TenSeconds], _planner.Plan(duration, new SnapshotTiming(10_000)).Times);
    }

    [Fact]
    public void Plan_with_interval_zero_spreads_exactly_without_accumulating_rounding()
    {
        var plan = _planner.Plan(TenSeconds, new SnapshotTiming(Count: 3, Interval: 0));

        Assert.Equal([TimeSpan.Zero, TimeSpan.FromTicks(33_333_333), TimeSpan.FromTicks(66_666_666)], plan.Times);
    }

    [Fact]
    public void Plan_on_an_empty_video_has_no_time_inside_it()
    {
        Assert.True(_planner.Plan(TimeSpan.Zero, new SnapshotTiming()).IsOutsideVideo);
    }

    [Fact]
    public void Plan_with_specified_offset_times_sorts_merges_repeats_and_drops_past_the_end()
    {
        var timing = new SnapshotTiming(SpecifiedOffsetTime: 3000, Count: 9, Interval: 1, SpecifiedOffsetTimes: [5000, 1000, 5000, 12_000, 10_000, 0]);

        var plan = _planner.Plan(TenSeconds, timing);

        Assert.Equal([Ms(0), Ms(1000), Ms(5000)], plan.Times);
        Assert.Equal(2, plan.DroppedPastEnd);
        Assert.Equal(1, plan.DuplicatesRemoved);
    }

    [Fact]
    public void Plan_with_specified_offset_times_all_past_the_end_is_outside_video()
    {
        var plan = _planner.Plan(TenSeconds, new SnapshotTiming(SpecifiedOffsetTimes: [10_000, 20_000, long.MaxValue]));

        Assert.True(plan.IsOutsideVideo);
        Assert.Equal(3, plan.DroppedPastEnd);
    }

    [Fact]
    public void Plan_accepts_a_count_far_beyond_the_cap_when_few_times_fit()
    {
        var plan = _planner.Plan(TenSeconds, new SnapshotTiming(Count: 1_000_000_000_000, Interval: 1));

        Assert.Equal(10, plan.Times.Count);
        Assert.Equal(1_000_000_000_000 - 10, plan.DroppedPastEnd);
    }

    [Fact]
    public void Plan_at_the_cap_is_allowed()
    {
        var plan = _planner.Plan(TimeSpan.FromHours(1), new SnapshotTiming(Count: SnapshotPlanner.DefaultMaxSnapshots, Interval: 0));

        Assert.Equal(10_000, plan.Times.Count);
    }

    public static TheoryData<long?, long?, string> AboveTheCap => new()
    {
        { 10_001, 0, "Count" },
        { long.MaxValue, 0, "Count" },
        { 10_001, 1, "Count" },
        { 10_001, null, "Count" },
        { null, 1, "Interval" },
    };

    [Theory]
    [MemberData(nameof(AboveTheCap))]
    public void Plan_above_the_cap_names_the_parameter_that_asked_for_it(long? count, long? interval, string parameter)
    {
        var threeHours = TimeSpan.FromHours(3);
        var error = RpcAssert.InvalidParameter(parameter, () => _planner.Plan(threeHours, new SnapshotTiming(Count: count, Interval: interval)));
        Assert.Contains("at most 10000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_uses_the_cap_the_caller_configured()
    {
        var planner = new SnapshotPlanner(maxSnapshots: 5);

        Assert.Equal(5, planner.Plan(TenSeconds, new SnapshotTiming(Count: 5)).Times.Count);
        RpcAssert.InvalidParameter("Count", () => planner.Plan(TenSeconds, new SnapshotTiming(Count: 6)));
        RpcAssert.InvalidParameter("SpecifiedOffsetTimes", () => planner.Plan(TenSeconds, new SnapshotTiming(SpecifiedOffsetTimes: [0, 1, 2, 3, 4, 5])));
    }

    [Fact]
    public void Plan_counts_only_times_inside_the_video_against_the_cap()
    {
        var planner = new SnapshotPlanner(maxSnapshots: 2);

        Assert.Equal(2, planner.Plan(TenSeconds, new SnapshotTiming(SpecifiedOffsetTimes: [1000, 2000, 11_000, 12_000])).Times.Count);
    }

    public static TheoryData<SnapshotTiming, string> InvalidTimings => new()
    {
        { new SnapshotTiming(SpecifiedOffsetTime: -1), "SpecifiedOffsetTime" },
        { new SnapshotTiming(Count: 0), "Count" },
        { new SnapshotTiming(Interval: -1), "Interval" },
        { new SnapshotTiming(SpecifiedOffsetTimes: [1000, -1]), "SpecifiedOffsetTimes" },
        { new SnapshotTiming(SpecifiedOffsetTimes: []), "SpecifiedOffsetTimes" },
        { new SnapshotTiming(SpecifiedOffsetTimes: [.. Enumerable.Range(0, 31).Select(i => (long)i)]), "SpecifiedOffsetTimes" },
    };

    [Theory]
    [MemberData(nameof(InvalidTimings))]
    public void Plan_refuses_values_outside_the_vendor_ranges_naming_the_parameter(SnapshotTiming timing, string parameter)
    {
        RpcAssert.InvalidParameter(parameter, () => _planner.Plan(TenSeconds, timing));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Constructor_refuses_a_cap_below_one(int cap)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SnapshotPlanner(cap));
    }

    private static TimeSpan Ms(long milliseconds) => TimeSpan.FromMilliseconds(milliseconds);
}
