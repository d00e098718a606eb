namespace VodSnapshot.Media.Sprites;

/// <summary>
/// Geometry of one sprite sheet: cells of CellWidth×CellHeight in Columns×Lines, Padding between cells,
/// Margin around the grid. Every sheet has the full grid size; cells fill row by row.
/// </summary>
public sealed record SpriteSheetLayout(int CellWidth, int CellHeight, int Columns, int Lines, int Padding, int Margin)
{
    public int CellsPerSheet => Columns * Lines;

    public int SheetWidth => checked((int)Side(Columns, CellWidth, Padding, Margin));

    public int SheetHeight => checked((int)Side(Lines, CellHeight, Padding, Margin));

    /// <summary>
    /// The one formula of a sheet side: <c>2·margin + cells·cellSide + (cells−1)·padding</c>, in long so that a request
    /// can be checked against the limits before any layout of that size exists.
    /// </summary>
    public static long Side(int cells, int cellSide, int padding, int margin) =>
        (2L * margin) + ((long)cells * cellSide) + ((cells - 1L) * padding);

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
