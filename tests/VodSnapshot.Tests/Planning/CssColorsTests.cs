using System.Drawing;
using VodSnapshot.Api.Features.Snapshots.Planning;

namespace VodSnapshot.Tests.Planning;

[Trait("Category", "Unit")]
public class CssColorsTests
{
    [Fact]
    public void Names_hold_all_148_css_named_colours()
    {
        Assert.Equal(148, CssColors.Names.Count);
        Assert.All(CssColors.Names, name => Assert.Equal(name.ToLowerInvariant(), name));
    }

    [Fact]
    public void Names_agree_with_the_runtime_table_of_web_colours()
    {
        // An independent copy of the same standard: every web colour the runtime knows must be here with the same value.
        var webColours = Enum.GetValues<KnownColor>()
            .Select(Color.FromKnownColor)
            .Where(c => !c.IsSystemColor && c.A == 255)
            .ToList();

        Assert.True(webColours.Count >= 140, $"only {webColours.Count} web colours found");
        Assert.All(webColours, colour =>
        {
            Assert.True(CssColors.TryParse(colour.Name, out var rgb), colour.Name);
            Assert.Equal((colour.R, colour.G, colour.B), rgb);
        });
    }

    [Theory]
    [InlineData("black", 0, 0, 0)]
    [InlineData("tomato", 255, 99, 71)]
    [InlineData("Tomato", 255, 99, 71)]
    [InlineData("BLACK", 0, 0, 0)]
    [InlineData("rebeccapurple", 102, 51, 153)]
    [InlineData("grey", 128, 128, 128)]
    [InlineData("darkslategrey", 47, 79, 79)]
    [InlineData("#000000", 0, 0, 0)]
    [InlineData("#FF6347", 255, 99, 71)]
    [InlineData("#ff6347", 255, 99, 71)]
    [InlineData("#1a2B3c", 26, 43, 60)]
    public void TryParse_reads_named_colours_and_hex(string text, byte r, byte g, byte b)
    {
        Assert.True(CssColors.TryParse(text, out var rgb));
        Assert.Equal((r, g, b), rgb);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("#")]
    [InlineData("#000")]
    [InlineData("#0000000")]
    [InlineData("#00000G")]
    [InlineData("#+12345")]
    [InlineData("000000")]
    [InlineData("rgb(0,0,0)")]
    [InlineData("transparent")]
    [InlineData("notacolour")]
    [InlineData(" black")]
    [InlineData("0")]
    public void TryParse_refuses_other_forms(string? text)
    {
        Assert.False(CssColors.TryParse(text, out _));
    }
}
