using VodSnapshot.Media.Sprites;

namespace VodSnapshot.Api.Features.Snapshots.Planning;

/// <summary>
/// The sprite sheets one job composes: a <see cref="SpriteSnapshotConfig"/> resolved against the job and checked
/// against the size limits before any work starts. Carried as is in the job's spec.
/// </summary>
/// <param name="Layout">Cell size, grid and spacing of every sheet.</param>
/// <param name="Background">Colour of margins, padding and empty cells.</param>
/// <param name="KeepCells">Whether the resized cells are kept as SpriteOriginSnapshot images.</param>
public sealed record SpriteSheets(SpriteSheetLayout Layout, Rgb Background, bool KeepCells);

/// <summary>A colour as three 8-bit channels.</summary>
public readonly record struct Rgb(byte R, byte G, byte B);
