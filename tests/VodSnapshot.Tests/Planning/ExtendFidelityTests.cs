using System.Text.Json;
using VodSnapshot.Api.Features.Snapshots.Planning;
using VodSnapshot.Api.Rpc;

namespace VodSnapshot.Tests.Planning;

/// <summary>UserData.Extend comes back in the callback exactly as the caller sent it.</summary>
public class ExtendFidelityTests
{
    [Theory]
    [InlineData("""{"Extend":"é 中 😀"}""", "é 中 😀")]
    [InlineData("""{"Extend":{"e":"😀", "q" : "\"x\" \\ y"}}""", """{"e":"😀","q":"\"x\" \\ y"}""")]
    [InlineData("""{"Extend":{"kept":"\u00e9 as written"}}""", """{"kept":"\u00e9 as written"}""")]
    [InlineData("""{"Extend":{"space inside":"a  b"}}""", """{"space inside":"a  b"}""")]
    public void Objects_keep_the_callers_text_without_whitespace_and_strings_stay_the_same_string(string userData, string extend)
    {
        Assert.Equal(extend, SnapshotUserData.Parse(userData).Extend);
    }

    [Theory]
    [InlineData("plain", "\"plain\"")]
    [InlineData("é 中 😀", "\"é 中 😀\"")]
    [InlineData("q\"\\/<&>'", "\"q\\\"\\\\/<&>'\"")]
    [InlineData("line\nfeed\ttab\u0001", "\"line\\nfeed\\ttab\\u0001\"")]
    public void The_callback_writes_a_string_escaping_only_what_json_requires(string value, string literal)
    {
        Assert.Equal(literal, VerbatimJsonString.Quote(value));
        Assert.Equal(value, JsonSerializer.Deserialize<string>(literal));
    }

    [Fact]
    public void A_lone_surrogate_is_escaped_since_utf8_cannot_carry_it()
    {
        var lone = "lone " + (char)0xD83D;

        Assert.Equal("\"lone \\uD83D\"", VerbatimJsonString.Quote(lone));
    }
}
