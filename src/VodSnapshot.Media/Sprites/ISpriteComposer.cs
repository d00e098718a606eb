namespace VodSnapshot.Media.Sprites;

/// <param name="Sheets">Sheet JPGs in order.</param>
/// <param name="Cells">The resized cell JPGs in order (only when asked to keep them).</param>
public sealed record SpriteResult(IReadOnlyList<string> Sheets, IReadOnlyList<string> Cells);

public interface ISpriteComposer
{
    /// <summary>
    /// Composes <paramref name="frames"/> (JPG files, any size) into sheets of <paramref name="layout"/>, each frame resized
    /// to the cell size, empty space filled with <paramref name="background"/> (RGB). Sheets are written to
    /// <paramref name="outputDirectory"/> as sprite-00001.jpg…; with <paramref name="keepCells"/> the resized cells are
    /// also written as cell-00001.jpg…. Write into a private folder: a file is complete only once the call returns.
    /// </summary>
    Task<SpriteResult> ComposeAsync(IReadOnlyList<string> frames, SpriteSheetLayout layout, (byte R, byte G, byte B) background, bool keepCells, string outputDirectory, CancellationToken cancellationToken);
}
