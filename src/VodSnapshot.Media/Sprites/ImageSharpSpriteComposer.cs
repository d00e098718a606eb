using System.Globalization;
using Microsoft.Extensions.Options;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Memory;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace VodSnapshot.Media.Sprites;

/// <summary>
/// Composes sprite sheets with ImageSharp, one sheet in memory at a time and one frame per cell decoded, resized, drawn
/// and released before the next, so memory stays at one sheet plus one frame whatever the number of cells.
/// </summary>
internal sealed class ImageSharpSpriteComposer(IOptions<FfmpegOptions> options) : ISpriteComposer
{
    /// <summary>
    /// A private configuration so the pool cap does not change ImageSharp's process-wide default. The pool only keeps
    /// buffers for reuse; images larger than it still allocate.
    /// </summary>
    private static readonly Configuration ImageConfiguration = CreateConfiguration();

    private readonly JpegEncoder _encoder = new() { Quality = options.Value.JpegQuality };

    public async Task<SpriteResult> ComposeAsync(IReadOnlyList<string> frames, SpriteSheetLayout layout, (byte R, byte G, byte B) background, string outputDirectory, CancellationToken cancellationToken)
    {
        Validate(layout);
        Directory.CreateDirectory(outputDirectory);
        var fill = new Rgb24(background.R, background.G, background.B);
        var sheets = new List<string>();

        for (var sheetIndex = 0; sheetIndex < layout.SheetCount(frames.Count); sheetIndex++)
        {
            using var sheet = new Image<Rgb24>(ImageConfiguration, layout.SheetWidth, layout.SheetHeight, fill);
            var first = sheetIndex * layout.CellsPerSheet;
            var last = Math.Min(frames.Count, first + layout.CellsPerSheet);
            for (var cellIndex = first; cellIndex < last; cellIndex++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var cell = await Image.LoadAsync<Rgb24>(ImageConfiguration, frames[cellIndex], cancellationToken);
                if (cell.Width != layout.CellWidth || cell.Height != layout.CellHeight)
                {
                    cell.Mutate(x => x.Resize(new ResizeOptions
                    {
                        Size = new Size(layout.CellWidth, layout.CellHeight),
                        Mode = ResizeMode.Stretch,
                        Sampler = KnownResamplers.Bicubic,
                    }));
                }

                var (_, x, y) = layout.Place(cellIndex);
                sheet.Mutate(s => s.DrawImage(cell, new Point(x, y), 1f));
            }

            sheets.Add(await SaveAsync(sheet, outputDirectory, "sprite", sheetIndex + 1, cancellationToken));
        }

        return new SpriteResult(sheets);
    }

    private static void Validate(SpriteSheetLayout layout)
    {
        if (layout.CellWidth < 1 || layout.CellHeight < 1 || layout.Columns < 1 || layout.Lines < 1 || layout.Padding < 0 || layout.Margin < 0)
        {
            throw new ArgumentException("Cells and grid must be at least 1 pixel and 1 cell; padding and margin cannot be negative.", nameof(layout));
        }
    }

    /// <summary>
    /// Writes one JPG. Sheets are written in the caller's private folder; making them visible (in one step each) is the
    /// caller's publication, so there is no second rename here.
    /// </summary>
    private async Task<string> SaveAsync(Image image, string folder, string kind, int number, CancellationToken cancellationToken)
    {
        var path = Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"{kind}-{number:D5}.jpg"));
        await image.SaveAsJpegAsync(path, _encoder, cancellationToken);
        return path;
    }

    private static Configuration CreateConfiguration()
    {
        var configuration = Configuration.Default.Clone();
        configuration.MemoryAllocator = MemoryAllocator.Create(new MemoryAllocatorOptions { MaximumPoolSizeMegabytes = 64 });
        return configuration;
    }
}
