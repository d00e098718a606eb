using System.Text.Json;
using VodSnapshot.Api.Features.Snapshots.Planning;

namespace VodSnapshot.Tests.Planning;

[Trait("Category", "Unit")]
public class JsonValuesTests
{
    [Theory]
    [InlineData("120", 120)]
    [InlineData("\"120\"", 120)]
    [InlineData("0", 0)]
    [InlineData("-5", -5)]
    [InlineData("\"-5\"", -5)]
    [InlineData("120.0", 120)]
    [InlineData("1.2e2", 120)]
    [InlineData("9223372036854775807", long.MaxValue)]
    [InlineData("\"9223372036854775807\"", long.MaxValue)]
    public void TryReadInt64_reads_whole_numbers_written_as_numbers_or_strings(string json, long expected)
    {
        using var document = JsonDocument.Parse(json);
        Assert.True(JsonValues.TryReadInt64(document.RootElement, out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("1.5")]
    [InlineData("\"1.5\"")]
    [InlineData("\"+7\"")]
    [InlineData("\"7\\u0000\"")]
    [InlineData("\"120.0\"")]
    [InlineData("\"1e3\"")]
    [InlineData("\" 120\"")]
    [InlineData("\"120 \"")]
    [InlineData("\"0x10\"")]
    [InlineData("\"1,000\"")]
    [InlineData("\"\"")]
    [InlineData("\"abc\"")]
    [InlineData("9223372036854775808")]
    [InlineData("\"9223372036854775808\"")]
    [InlineData("true")]
    [InlineData("null")]
    [InlineData("[1]")]
    [InlineData("{}")]
    public void TryReadInt64_refuses_anything_that_is_not_a_whole_number(string json)
    {
        using var document = JsonDocument.Parse(json);
        Assert.False(JsonValues.TryReadInt64(document.RootElement, out _));
    }

    [Theory]
    [InlineData("2147483647", true)]
    [InlineData("\"2147483648\"", false)]
    [InlineData("-2147483649", false)]
    public void TryReadInt32_refuses_values_outside_int_range(string json, bool expected)
    {
        using var document = JsonDocument.Parse(json);
        Assert.Equal(expected, JsonValues.TryReadInt32(document.RootElement, out _));
    }

    [Fact]
    public void TryReadFields_matches_names_without_regard_to_case()
    {
        using var document = JsonDocument.Parse("""{"cellwidth":120}""");
        Assert.True(JsonValues.TryReadFields(document.RootElement, out var fields, out var repeated));
        Assert.Null(repeated);
        Assert.True(JsonValues.TryGetValue(fields, "CellWidth", out var value));
        Assert.Equal(120, value.GetInt32());
    }

    [Fact]
    public void TryReadFields_reports_a_field_given_twice_even_in_different_case()
    {
        using var document = JsonDocument.Parse("""{"Columns":3,"columns":4}""");
        Assert.False(JsonValues.TryReadFields(document.RootElement, out _, out var repeated));
        Assert.Equal("columns", repeated);
    }

    [Fact]
    public void TryGetValue_treats_null_like_a_missing_field()
    {
        using var document = JsonDocument.Parse("""{"Color":null}""");
        Assert.True(JsonValues.TryReadFields(document.RootElement, out var fields, out _));
        Assert.False(JsonValues.TryGetValue(fields, "Color", out _));
    }
}
