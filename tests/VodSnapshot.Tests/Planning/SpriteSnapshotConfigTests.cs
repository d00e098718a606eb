using System.Text.Json;
using VodSnapshot.Api.Features.Snapshots.Planning;
using VodSnapshot.Media.Sprites;
using VodSnapshot.Tests.TestSupport;

namespace VodSnapshot.Tests.Planning;

[Trait("Category", "Unit")]
public class SpriteSnapshotConfigTests
{
    private const string DocExample =
        "{'CellWidth': 120, 'CellHeight': 68, 'Columns': 3, 'Lines': 10, 'Padding': 20, 'Margin': 50, 'KeepCellPic': 'keep', 'Color': 'tomato'}";

    private const long AmplePixels = 1_000_000_000_000;

    private static readonly OutputSize Snapshot = new(320, 180);

    [Fact]
    public void Parse_of_an_empty_object_gives_all_defaults()
    {
        var config = SpriteSnapshotConfig.Parse("{}");

        Assert.Equal(SpriteSnapshotConfig.Default, config);
        Assert.Equal(new SpriteSnapshotConfig(null, null, 0, 0, (0, 0, 0), 10, 10, true), config);
    }

    [Fact]
    public void The_doc_example_in_single_quotes_gives_two_sheets_for_fifty_snapshots()
    {
        var plan = SpriteSnapshotConfig.Parse(DocExample).Resolve(Snapshot, 1920, 1080, cellCount: 50, AmplePixels);

        Assert.Equal(new SpriteSheetLayout(CellWidth: 120, CellHeight: 68, Columns: 3, Lines: 10, Padding: 20, Margin: 50), plan.Layout);
        Assert.Equal(new Rgb(255, 99, 71), plan.Background);
        Assert.True(plan.KeepCells);
        Assert.Equal(2, plan.Layout.SheetCount(50));
        Assert.Equal(30, plan.Layout.CellsPerSheet);
        Assert.Equal((100 + 360 + 40, 100 + 680 + 180), (plan.Layout.SheetWidth, plan.Layout.SheetHeight));
    }

    [Theory]
    [InlineData("""{"CellWidth":"120","CellHeight":"68","Columns":"3","Lines":"10","Padding":"20","Margin":"50"}""")]
    [InlineData("""{"CellWidth":120,"CellHeight":68,"Columns":3,"Lines":10,"Padding":20,"Margin":50}""")]
    [InlineData("""{"cellwidth":120,"CELLHEIGHT":"68","Columns":3.0,"Lines":10,"Padding":20,"Margin":50}""")]
    public void Parse_takes_numbers_or_strings_and_any_field_case(string json)
    {
        var config = SpriteSnapshotConfig.Parse(json);

        Assert.Equal((120, 68, 3, 10, 20, 50), (config.CellWidth, config.CellHeight, config.Columns, config.Lines, config.Padding, config.Margin));
    }

    [Theory]
    [InlineData("black", 0, 0, 0)]
    [InlineData("tomato", 255, 99, 71)]
    [InlineData("WhiteSmoke", 245, 245, 245)]
    [InlineData("#336699", 51, 102, 153)]
    [InlineData("#AbCdEf", 171, 205, 239)]
    public void Parse_reads_each_colour_form(string colour, byte r, byte g, byte b)
    {
        Assert.Equal((r, g, b), SpriteSnapshotConfig.Parse($$"""{"Color":"{{colour}}"}""").Color);
    }

    [Theory]
    [InlineData("keep", true)]
    [InlineData("delete", false)]
    [InlineData("Delete", false)]
    public void Parse_reads_KeepCellPic(string value, bool keep)
    {
        Assert.Equal(keep, SpriteSnapshotConfig.Parse($$"""{"KeepCellPic":"{{value}}"}""").KeepCellPic);
    }

    [Fact]
    public void Parse_ignores_unknown_fields_and_treats_null_as_not_given()
    {
        var config = SpriteSnapshotConfig.Parse("""{"Format":"jpg","Quality":90,"Nested":{"x":1},"Color":null,"Columns":null}""");

        Assert.Equal(SpriteSnapshotConfig.Default, config);
    }

    [Fact]
    public void Parse_keeps_apostrophes_inside_double_quoted_strings()
    {
        var config = SpriteSnapshotConfig.Parse("""{"Note":"it's fine","Color":"navy"}""");

        Assert.Equal((0, 0, 128), config.Color);
    }

    [Fact]
    public void FromJson_reads_an_object_nested_in_another_document()
    {
        using var template = JsonDocument.Parse("""{"SnapshotConfig":{"SpriteSnapshotConfig":{"Columns":"4","Lines":"2"}}}""");

        var config = SpriteSnapshotConfig.FromJson(template.RootElement.GetProperty("SnapshotConfig").GetProperty("SpriteSnapshotConfig"));

        Assert.Equal((4, 2), (config.Columns, config.Lines));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void FromParameter_is_null_when_not_given(string? value)
    {
        Assert.Null(SpriteSnapshotConfig.FromParameter(value));
    }

    [Fact]
    public void FromParameter_of_an_empty_object_asks_for_sprites_with_defaults()
    {
        Assert.Equal(SpriteSnapshotConfig.Default, SpriteSnapshotConfig.FromParameter("{}"));
    }

    [Theory]
    [InlineData("""{"Columns":1,"Lines":1}""", 1, 1)]
    [InlineData("""{"Columns":10000,"Lines":"10000"}""", 10_000, 10_000)]
    public void Parse_accepts_the_ends_of_the_grid_range(string json, int columns, int lines)
    {
        var config = SpriteSnapshotConfig.Parse(json);

        Assert.Equal((columns, lines), (config.Columns, config.Lines));
    }

    public static TheoryData<string, string> BadConfigs => new()
    {
        { """{"CellWidth":7}""", "CellWidth" },
        { """{"CellWidth":"4097"}""", "CellWidth" },
        { """{"CellWidth":"wide"}""", "CellWidth" },
        { """{"CellWidth":120.5}""", "CellWidth" },
        { """{"CellWidth":true}""", "CellWidth" },
        { """{"CellHeight":0}""", "CellHeight" },
        { """{"CellHeight":"-68"}""", "CellHeight" },
        { """{"Padding":-1}""", "Padding" },
        { """{"Padding":"a"}""", "Padding" },
        { """{"Margin":16385}""", "Margin" },
        { """{"Margin":[1]}""", "Margin" },
        { """{"Columns":0}""", "Columns" },
        { """{"Columns":"10001"}""", "Columns" },
        { """{"Lines":0}""", "Lines" },
        { """{"Lines":99999999999}""", "Lines" },
        { """{"Color":"rgb(255,0,0)"}""", "Color" },
        { """{"Color":"#fff"}""", "Color" },
        { """{"Color":"notacolour"}""", "Color" },
        { """{"Color":0}""", "Color" },
        { """{"KeepCellPic":"yes"}""", "KeepCellPic" },
        { """{"KeepCellPic":true}""", "KeepCellPic" },
        { """{"Columns":3,"columns":4}""", "columns" },
        { "{'Color': 'tomato'", "JSON object" },
        { "not json", "JSON object" },
        { "[1,2]", "JSON object" },
        { "null", "JSON object" },
        { "\"{}\"", "JSON object" },
        { "", "JSON object" },
    };

    [Theory]
    [MemberData(nameof(BadConfigs))]
    public void Parse_errors_use_the_sprite_code_and_name_the_field(string text, string field)
    {
        var error = RpcAssert.Fails("InvalidParameter.SpriteSnapshotConfig", "SpriteSnapshotConfig", () => SpriteSnapshotConfig.Parse(text));
        Assert.Contains(field, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_defaults_cells_to_the_normal_snapshot_size()
    {
        var plan = SpriteSnapshotConfig.Default.Resolve(new OutputSize(200, 200), 1920, 1080, 10, AmplePixels);

        Assert.Equal((200, 200), (plan.Layout.CellWidth, plan.Layout.CellHeight));
    }

    [Theory]
    [InlineData("""{"CellWidth":160}""", 160, 90)]
    [InlineData("""{"CellWidth":100}""", 100, 56)]
    [InlineData("""{"CellHeight":"90"}""", 160, 90)]
    [InlineData("""{"CellHeight":8}""", 14, 8)]
    [InlineData("""{"CellWidth":64,"CellHeight":64}""", 64, 64)]
    public void Resolve_lets_a_missing_cell_side_follow_the_source_aspect(string json, int width, int height)
    {
        // The normal snapshots are stretched to 200x200 here; cells still follow the 16:9 source.
        var plan = SpriteSnapshotConfig.Parse(json).Resolve(new OutputSize(200, 200), 1920, 1080, 10, AmplePixels);

        Assert.Equal((width, height), (plan.Layout.CellWidth, plan.Layout.CellHeight));
    }

    [Fact]
    public void Resolve_carries_background_and_keep_flag()
    {
        var plan = SpriteSnapshotConfig.Parse("""{"Color":"#102030","KeepCellPic":"delete"}""").Resolve(Snapshot, 1920, 1080, 1, AmplePixels);

        Assert.Equal(new Rgb(16, 32, 48), plan.Background);
        Assert.False(plan.KeepCells);
    }

    [Fact]
    public void Resolve_allows_a_sheet_of_exactly_the_largest_side()
    {
        // 2·93 + 10·1600 + 9·22 = 16384.
        var plan = SpriteSnapshotConfig.Parse("""{"CellWidth":1600,"CellHeight":900,"Columns":10,"Lines":1,"Padding":22,"Margin":93}""")
            .Resolve(Snapshot, 1920, 1080, 10, AmplePixels);

        Assert.Equal(16_384, plan.Layout.SheetWidth);
    }

    [Theory]
    [InlineData("""{"CellWidth":1600,"CellHeight":900,"Columns":10,"Lines":1,"Padding":22,"Margin":94}""", "wide")]
    [InlineData("""{"CellWidth":4096,"Columns":10000,"Lines":1}""", "wide")]
    [InlineData("""{"CellHeight":4096,"Columns":1,"Lines":5}""", "high")]
    [InlineData("""{"Columns":1,"Lines":1,"Margin":16384}""", "wide")]
    public void Resolve_refuses_a_sheet_larger_than_16384_pixels_on_a_side(string json, string side)
    {
        var error = RpcAssert.Fails("InvalidParameter.SpriteSnapshotConfig", "SpriteSnapshotConfig",
            () => SpriteSnapshotConfig.Parse(json).Resolve(Snapshot, 1920, 1080, 1, AmplePixels));
        Assert.Contains(side, error.Message, StringComparison.Ordinal);
        Assert.Contains("16384", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_refuses_default_cells_from_a_1080p_snapshot_because_ten_columns_are_too_wide()
    {
        var error = RpcAssert.Fails("InvalidParameter.SpriteSnapshotConfig", "SpriteSnapshotConfig",
            () => SpriteSnapshotConfig.Default.Resolve(new OutputSize(1920, 1080), 1920, 1080, 1, AmplePixels));
        Assert.Contains("CellWidth", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_counts_every_sheet_at_full_size_against_the_pixel_budget()
    {
        // 3x10 cells of 120x68, Padding 20, Margin 50: sheets of 500x960 = 480,000 px; 50 cells need 2 sheets.
        var config = SpriteSnapshotConfig.Parse(DocExample);

        Assert.Equal(2, config.Resolve(Snapshot, 1920, 1080, 50, pixelBudget: 960_000).Layout.SheetCount(50));
        var error = RpcAssert.Fails("InvalidParameter.SpriteSnapshotConfig", "SpriteSnapshotConfig",
            () => config.Resolve(Snapshot, 1920, 1080, 50, pixelBudget: 959_999));
        Assert.Contains("CellWidth", error.Message, StringComparison.Ordinal);
        Assert.Contains("959999", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_with_no_cells_composes_nothing_and_fits_any_budget()
    {
        var plan = SpriteSnapshotConfig.Parse(DocExample).Resolve(Snapshot, 1920, 1080, 0, pixelBudget: 1);

        Assert.Equal(0, plan.Layout.SheetCount(0));
    }
}
