using System.Text.Json;
using VodSnapshot.Api.Features.Snapshots.Planning;

namespace VodSnapshot.Tests.Planning;

[Trait("Category", "Unit")]
public class LenientJsonTests
{
    [Fact]
    public void Parse_reads_the_vendor_docs_single_quoted_example()
    {
        using var document = LenientJson.Parse("{'CellWidth': 120, 'CellHeight': 68, 'Color': 'tomato', 'KeepCellPic': 'keep'}");
        Assert.Equal(120, document.RootElement.GetProperty("CellWidth").GetInt32());
        Assert.Equal("tomato", document.RootElement.GetProperty("Color").GetString());
    }

    [Fact]
    public void Parse_leaves_valid_json_with_apostrophes_untouched()
    {
        using var document = LenientJson.Parse("""{"Note":"it's Bob's"}""");
        Assert.Equal("it's Bob's", document.RootElement.GetProperty("Note").GetString());
    }

    [Theory]
    [InlineData("{'a': 'say \"hi\"'}", "say \"hi\"")]
    [InlineData("{'a': 'it\\'s'}", "it's")]
    [InlineData("{'a': 'back\\\\slash'}", "back\\slash")]
    [InlineData("{'a': \"it's\"}", "it's")]
    [InlineData("{\"a\": 'x', 'b': \"y's\"}", "x")]
    public void Parse_handles_quotes_inside_strings_of_either_kind(string text, string expected)
    {
        using var document = LenientJson.Parse(text);
        Assert.Equal(expected, document.RootElement.GetProperty("a").GetString());
    }

    [Fact]
    public void ToDoubleQuotes_keeps_double_quoted_strings_verbatim_in_mixed_text()
    {
        Assert.Equal("""{"a": "it's", "b": "x\"y"}""", LenientJson.ToDoubleQuotes("""{'a': "it's", 'b': 'x"y'}"""));
    }

    [Theory]
    [InlineData("{'a': 'unterminated}")]
    [InlineData("{'a': 'it's'}")]
    [InlineData("not json")]
    [InlineData("")]
    public void Parse_throws_JsonException_when_neither_reading_is_json(string text)
    {
        Assert.ThrowsAny<JsonException>(() => LenientJson.Parse(text));
    }
}
