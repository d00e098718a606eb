namespace VodSnapshot.Media.Sprites;

/// <summary>
/// Geometry of one sprite sheet: cells of CellWidth×CellHeight in Columns×Lines, Padding between cells,
/// Margin around the grid. Every sheet has the full grid size; cells fill row by row.
/// </summary>
public sealed record SpriteSheetLayout(int CellWidth, int CellHeight, int Columns, int Lines, int Padding, int Margin)
{
    public int CellsPerSheet => Columns * Lines;

    public int SheetWidth => (2 * Margin) + (Columns * CellWidth) + ((Columns - 1) * Padding);

    public int SheetHeight => (2 * Margin) + (Lines * CellHeight) + ((Lines - 1) * Padding);

    public int SheetCount(int cellCount) => (cellCount + CellsPerSheet - 1) / CellsPerSheet;

    /// <summary>Where cell number <paramref name="cellIndex"/> (0-based over all sheets) lands.</summary>
    public (int Sheet, int X, int Y) Place(int cellIndex)
    {
        var sheet = cellIndex / CellsPerSheet;
        var inSheet = cellIndex % CellsPerSheet;
        var column = inSheet % Columns;
        var line = inSheet / Columns;
        return (sheet, Margin + (column * (CellWidth + Padding)), Margin + (line * (CellHeight + Padding)));
    }
}
