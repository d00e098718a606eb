using VodSnapshot.Api.Features.Snapshots.Planning;
using VodSnapshot.Tests.TestSupport;

namespace VodSnapshot.Tests.Planning;

[Trait("Category", "Unit")]
public class SnapshotParametersTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Scalars_are_null_when_not_given_or_empty(string? value)
    {
        Assert.Null(SnapshotParameters.SpecifiedOffsetTime(value));
        Assert.Null(SnapshotParameters.Count(value));
        Assert.Null(SnapshotParameters.Interval(value));
        Assert.Null(SnapshotParameters.ReferenceId(value));
    }

    [Theory]
    [InlineData("0", 0)]
    [InlineData("1500", 1500)]
    [InlineData("9223372036854775807", long.MaxValue)]
    public void SpecifiedOffsetTime_accepts_milliseconds_from_zero(string value, long expected)
    {
        Assert.Equal(expected, SnapshotParameters.SpecifiedOffsetTime(value));
    }

    [Theory]
    [InlineData("1", 1)]
    [InlineData("50", 50)]
    public void Count_accepts_one_or_more(string value, long expected)
    {
        Assert.Equal(expected, SnapshotParameters.Count(value));
    }

    [Theory]
    [InlineData("0", 0)]
    [InlineData("10", 10)]
    public void Interval_accepts_zero_or_more(string value, long expected)
    {
        Assert.Equal(expected, SnapshotParameters.Interval(value));
    }

    public static TheoryData<string, string> BadScalars => new()
    {
        { "SpecifiedOffsetTime", "-1" },
        { "SpecifiedOffsetTime", "1.5" },
        { "SpecifiedOffsetTime", "abc" },
        { "SpecifiedOffsetTime", " 10" },
        { "SpecifiedOffsetTime", "9223372036854775808" },
        { "Count", "0" },
        { "Count", "-3" },
        { "Count", "ten" },
        { "Count", "1e3" },
        { "Interval", "-1" },
        { "Interval", "0.5" },
        { "Interval", "1s" },
    };

    [Theory]
    [MemberData(nameof(BadScalars))]
    public void Scalars_out_of_range_or_malformed_name_the_parameter(string name, string value)
    {
        Func<string?, long?> read = name switch
        {
            "SpecifiedOffsetTime" => SnapshotParameters.SpecifiedOffsetTime,
            "Count" => SnapshotParameters.Count,
            _ => SnapshotParameters.Interval,
        };

        RpcAssert.InvalidParameter(name, () => read(value));
    }

    [Fact]
    public void ParseInt64_with_an_upper_bound_states_both_ends()
    {
        var error = RpcAssert.InvalidParameter("PageSize", () => SnapshotParameters.ParseInt64("PageSize", "101", 1, 100));
        Assert.Contains("between 1 and 100", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SpecifiedOffsetTimes_is_null_when_not_given()
    {
        Assert.Null(SnapshotParameters.SpecifiedOffsetTimes(Params()));
        Assert.Null(SnapshotParameters.SpecifiedOffsetTimes(Params(("SpecifiedOffsetTimes", ""))));
    }

    [Theory]
    [InlineData("[1000,5000]", new long[] { 1000, 5000 })]
    [InlineData("[\"1000\",\"5000\"]", new long[] { 1000, 5000 })]
    [InlineData("[5000, \"0\", 1000]", new long[] { 5000, 0, 1000 })]
    [InlineData("[7000,7000]", new long[] { 7000, 7000 })]
    public void SpecifiedOffsetTimes_reads_a_json_array_of_numbers_or_numeric_strings(string json, long[] expected)
    {
        Assert.Equal(expected, SnapshotParameters.SpecifiedOffsetTimes(Params(("SpecifiedOffsetTimes", json))));
    }

    [Fact]
    public void SpecifiedOffsetTimes_reads_pop_core_flattened_form_in_position_order()
    {
        var parameters = Params(
            ("SpecifiedOffsetTimes.2", "5000"),
            ("SpecifiedOffsetTimes.10", "9000"),
            ("SpecifiedOffsetTimes.1", "1000"),
            ("Count", "3"));

        Assert.Equal([1000L, 5000L, 9000L], SnapshotParameters.SpecifiedOffsetTimes(parameters));
    }

    [Fact]
    public void SpecifiedOffsetTimes_accepts_thirty_times()
    {
        var json = "[" + string.Join(',', Enumerable.Range(0, 30)) + "]";
        Assert.Equal(30, SnapshotParameters.SpecifiedOffsetTimes(Params(("SpecifiedOffsetTimes", json)))!.Count);
    }

    public static TheoryData<(string Key, string Value)[]> BadOffsetTimes => new()
    {
        new[] { ("SpecifiedOffsetTimes", "[" + string.Join(',', Enumerable.Range(0, 31)) + "]") },
        Enumerable.Range(1, 31).Select(i => ($"SpecifiedOffsetTimes.{i}", "1000")).ToArray(),
        new[] { ("SpecifiedOffsetTimes", "[]") },
        new[] { ("SpecifiedOffsetTimes", "[1000,-1]") },
        new[] { ("SpecifiedOffsetTimes", "[\"-1\"]") },
        new[] { ("SpecifiedOffsetTimes", "[1000,\"abc\"]") },
        new[] { ("SpecifiedOffsetTimes", "[1.5]") },
        new[] { ("SpecifiedOffsetTimes", "[null]") },
        new[] { ("SpecifiedOffsetTimes", "[[1000]]") },
        new[] { ("SpecifiedOffsetTimes", "1000") },
        new[] { ("SpecifiedOffsetTimes", "{\"a\":1}") },
        new[] { ("SpecifiedOffsetTimes", "[1000,") },
        new[] { ("SpecifiedOffsetTimes.1", "-5") },
        new[] { ("SpecifiedOffsetTimes.1", "soon") },
        new[] { ("SpecifiedOffsetTimes.1", "") },
        new[] { ("SpecifiedOffsetTimes.0", "1000") },
        new[] { ("SpecifiedOffsetTimes.x", "1000") },
        new[] { ("SpecifiedOffsetTimes.1", "1000"), ("SpecifiedOffsetTimes.01", "2000") },
        new[] { ("SpecifiedOffsetTimes", "[1000]"), ("SpecifiedOffsetTimes.1", "2000") },
    };

    [Theory]
    [MemberData(nameof(BadOffsetTimes))]
    public void SpecifiedOffsetTimes_errors_name_the_parameter((string Key, string Value)[] parameters)
    {
        RpcAssert.InvalidParameter("SpecifiedOffsetTimes", () => SnapshotParameters.SpecifiedOffsetTimes(Params(parameters)));
    }

    [Theory]
    [InlineData("abc123")]
    [InlineData("my-Ref_ID-2024")]
    [InlineData("0123456789012345678901234567890123456789012345678901234567890123")]
    public void ReferenceId_accepts_six_to_sixty_four_safe_characters(string value)
    {
        Assert.Equal(value, SnapshotParameters.ReferenceId(value));
    }

    [Theory]
    [InlineData("abc12")]
    [InlineData("01234567890123456789012345678901234567890123456789012345678901234")]
    [InlineData("has space")]
    [InlineData("dot.ted.id")]
    [InlineData("ümlaut123")]
    [InlineData("slash/123")]
    public void ReferenceId_outside_the_rule_names_the_parameter(string value)
    {
        RpcAssert.InvalidParameter("ReferenceId", () => SnapshotParameters.ReferenceId(value));
    }

    [Fact]
    public void Timing_collects_all_four_parameters()
    {
        var timing = SnapshotParameters.Timing(Params(
            ("SpecifiedOffsetTime", "2000"), ("Count", "5"), ("Interval", "0"), ("SpecifiedOffsetTimes", "[1]")));

        Assert.Equal(2000, timing.SpecifiedOffsetTime);
        Assert.Equal(5, timing.Count);
        Assert.Equal(0, timing.Interval);
        Assert.Equal([1L], timing.SpecifiedOffsetTimes);
    }

    [Fact]
    public void Timing_leaves_absent_parameters_null()
    {
        Assert.Equal(new SnapshotTiming(), SnapshotParameters.Timing(Params(("VideoId", "abc"))));
    }

    private static Dictionary<string, string> Params(params (string Key, string Value)[] pairs) =>
        pairs.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
}
