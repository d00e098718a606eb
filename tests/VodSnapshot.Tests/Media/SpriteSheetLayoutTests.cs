using VodSnapshot.Media.Sprites;

namespace VodSnapshot.Tests.Media;

[Trait("Category", "Unit")]
public class SpriteSheetLayoutTests
{
    [Fact]
    public void Sprite_layout_of_the_vendor_example_has_the_documented_size()
    {
        var layout = new SpriteSheetLayout(CellWidth: 120, CellHeight: 68, Columns: 3, Lines: 10, Padding: 20, Margin: 50);
        Assert.Equal(100 + (3 * 120) + (2 * 20), layout.SheetWidth);
        Assert.Equal(2, layout.SheetCount(50));
    }
}
