using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using VodSnapshot.Media.Extraction;
using VodSnapshot.Media.Sprites;
using VodSnapshot.Tests.TestSupport;

namespace VodSnapshot.Tests.Media;

/// <summary>Sprite sheets checked by geometry and sampled colours (JPEG allows a few levels of error), never by bytes.</summary>
public sealed class SpriteComposerTests(TestClips clips) : IClassFixture<TestClips>, IDisposable
{
    private const int Tolerance = 10;
    private static readonly (byte R, byte G, byte B) Background = (255, 0, 255);
    // Every edge on JPEG's 16-pixel grid: chroma is stored per 16x16 block, so a block straddling a cell and the
    // background would tint both and make the sampled colours depend on the encoder rather than on the composer.
    private static readonly SpriteSheetLayout Layout = new(CellWidth: 48, CellHeight: 32, Columns: 3, Lines: 2, Padding: 16, Margin: 16);

    private readonly MediaEngine _engine = new();

    public void Dispose() => _engine.Dispose();

    [Fact(Timeout = 60_000)]
    public async Task Sheets_have_the_full_grid_size_and_cells_fill_row_by_row()
    {
        var frames = await SolidFramesAsync(8);
        var folder = clips.NewFolder();

        var result = await _engine.Composer.ComposeAsync(frames, Layout, Background, folder, TestContext.Current.CancellationToken);

        Assert.Equal(["sprite-00001.jpg", "sprite-00002.jpg"], result.Sheets.Select(Path.GetFileName));
        Assert.Equal(["sprite-00001.jpg", "sprite-00002.jpg"], Directory.GetFiles(folder).Select(Path.GetFileName).Order());
        for (var sheetIndex = 0; sheetIndex < 2; sheetIndex++)
        {
            using var sheet = await Image.LoadAsync<Rgb24>(result.Sheets[sheetIndex], TestContext.Current.CancellationToken);
            Assert.Equal((16 + (3 * 48) + (2 * 16) + 16, 16 + (2 * 32) + 16 + 16), (sheet.Width, sheet.Height));
            for (var slot = 0; slot < Layout.CellsPerSheet; slot++)
            {
                var cell = (sheetIndex * Layout.CellsPerSheet) + slot;
                var (_, x, y) = Layout.Place(cell);
                var expected = cell < frames.Count ? ColourOf(cell) : Background;
                AssertColour(expected, sheet[x + 24, y + 16], $"cell {cell}");
            }

            // Margin, padding between columns and between lines show the background.
            AssertColour(Background, sheet[8, 8], "margin");
            AssertColour(Background, sheet[16 + 48 + 8, 16 + 16], "column padding");
            AssertColour(Background, sheet[16 + 24, 16 + 32 + 8], "line padding");
            AssertColour(Background, sheet[sheet.Width - 8, sheet.Height - 8], "far margin");
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task A_sprite_of_extracted_frames_shows_them_in_order()
    {
        var times = Enumerable.Range(0, 10).Select(i => TimeSpan.FromMilliseconds(400 * i)).ToList();
        var probe = await _engine.Prober.ProbeAsync(clips.Ramp, TestContext.Current.CancellationToken);
        var layout = new SpriteSheetLayout(CellWidth: 40, CellHeight: 24, Columns: 5, Lines: 2, Padding: 2, Margin: 0);
        var request = new FrameRequest(times, 160, 90, FrameSelection.Exact) { CellSize = (layout.CellWidth, layout.CellHeight) };
        var extraction = await _engine.Extractor.ExtractAsync(clips.Ramp, probe, request, clips.NewFolder(), TestContext.Current.CancellationToken);

        var result = await _engine.Composer.ComposeAsync(extraction.Frames.Select(f => f.CellPath!).ToList(), layout, (0, 0, 0), clips.NewFolder(), TestContext.Current.CancellationToken);

        using var sheet = await Image.LoadAsync<Rgb24>(Assert.Single(result.Sheets), TestContext.Current.CancellationToken);
        var shown = Enumerable.Range(0, 10).Select(i =>
        {
            var (_, x, y) = layout.Place(i);
            var (luma, blue) = FrameIdentity.AverageLumaAndBlue(sheet, new Rectangle(x + 8, y + 6, 24, 12));
            return FrameIdentity.FrameOf(luma, blue);
        });
        Assert.Equal(times.Select(t => (int)Math.Round(t.TotalSeconds * TestClips.FrameRate)), shown);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_layout_without_cells_is_refused()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _engine.Composer.ComposeAsync(
            ["a.jpg"], Layout with { Columns = 0 }, Background, clips.NewFolder(), TestContext.Current.CancellationToken));
    }

    private static (byte R, byte G, byte B) ColourOf(int index) =>
        ((byte)(30 + (index * 25)), (byte)(220 - (index * 20)), (byte)(60 + ((index % 3) * 60)));

    /// <summary>Solid frames larger than the cell and of another aspect, so the composer must resize them.</summary>
    private async Task<List<string>> SolidFramesAsync(int count)
    {
        var folder = clips.NewFolder();
        var frames = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var (r, g, b) = ColourOf(i);
            using var image = new Image<Rgb24>(80, 40, new Rgb24(r, g, b));
            var path = Path.Combine(folder, $"{i:D5}.jpg");
            await image.SaveAsJpegAsync(path, TestContext.Current.CancellationToken);
            frames.Add(path);
        }

        return frames;
    }

    private static void AssertColour((byte R, byte G, byte B) expected, Rgb24 actual, string where)
    {
        var close = Math.Abs(expected.R - actual.R) <= Tolerance && Math.Abs(expected.G - actual.G) <= Tolerance && Math.Abs(expected.B - actual.B) <= Tolerance;
        Assert.True(close, $"{where}: expected {expected}, found ({actual.R}, {actual.G}, {actual.B})");
    }
}
