namespace VodSnapshot.Media.Sprites;

/// <param name="Sheets">Sheet JPGs in order.</param>
public sealed record SpriteResult(IReadOnlyList<string> Sheets);

public interface ISpriteComposer
{
    /// <summary>
    /// Composes <paramref name="frames"/> (JPG files, any size) into sheets of <paramref name="layout"/>, each frame resized
    /// to the cell size, empty space filled with <paramref name="background"/> (RGB). Sheets are written to
    /// <paramref name="outputDirectory"/> as sprite-00001.jpg…. The cells kept as images of their own are ffmpeg's cell
    /// outputs, never written here. Write into a private folder: a file is complete only once the call returns.
    /// </summary>
    Task<SpriteResult> ComposeAsync(IReadOnlyList<string> frames, SpriteSheetLayout layout, (byte R, byte G, byte B) background, string outputDirectory, CancellationToken cancellationToken);
}
