using VodSnapshot.Media.Sprites;

namespace VodSnapshot.Api.Features.Snapshots.Planning;

/// <summary>
/// A sprite request resolved against one job: the sheet geometry, background and whether the resized cells are
/// kept as SpriteOriginSnapshot images (spec §10.6–10.7). Checked against the size limits before any work starts.
/// </summary>
/// <param name="Layout">Cell size, grid and spacing of every sheet.</param>
/// <param name="Background">Colour of margins, padding and empty cells.</param>
/// <param name="KeepCells">True for <c>KeepCellPic=keep</c>.</param>
public sealed record SpriteSheetPlan(SpriteSheetLayout Layout, (byte R, byte G, byte B) Background, bool KeepCells);
