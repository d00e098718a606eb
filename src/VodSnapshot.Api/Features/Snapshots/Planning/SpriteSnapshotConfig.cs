using System.Globalization;
using System.Text.Json;
using VodSnapshot.Api.Rpc;
using VodSnapshot.Media.Sprites;

namespace VodSnapshot.Api.Features.Snapshots.Planning;

/// <summary>
/// The SpriteSnapshotConfig parameter as the caller wrote it. Accepts valid JSON and the
/// single-quoted JSON of the vendor's own example; values may be numbers or strings; <c>{}</c> means all
/// defaults; unknown fields are ignored as the vendor ignores them, and <c>null</c> counts as not given.
/// Every error is <c>InvalidParameter.SpriteSnapshotConfig</c> with a message naming the field.
/// </summary>
/// <param name="CellWidth">Cell width in [8, 4096]; null follows the normal snapshot size or the source aspect.</param>
/// <param name="CellHeight">Cell height in [8, 4096]; null likewise.</param>
/// <param name="Padding">Pixels between adjacent cells (default 0).</param>
/// <param name="Margin">Pixels around the grid (default 0).</param>
/// <param name="Color">Background (default black).</param>
/// <param name="Columns">Cells per row in [1, 10000] (default 10).</param>
/// <param name="Lines">Rows per sheet in [1, 10000] (default 10).</param>
/// <param name="KeepCellPic">True for <c>keep</c> (the default), false for <c>delete</c>.</param>
public sealed record SpriteSnapshotConfig(
    int? CellWidth,
    int? CellHeight,
    int Padding,
    int Margin,
    (byte R, byte G, byte B) Color,
    int Columns,
    int Lines,
    bool KeepCellPic)
{
    public const string ErrorCode = "InvalidParameter.SpriteSnapshotConfig";

    public const string ParameterName = "SpriteSnapshotConfig";

    public const int DefaultGrid = 10;

    public const int MaxGrid = 10_000;

    /// <summary>Largest sheet side the service composes.</summary>
    public const int MaxSheetSide = 16_384;

    /// <summary>The configuration <c>{}</c> stands for.</summary>
    public static SpriteSnapshotConfig Default { get; } = new(null, null, 0, 0, (0, 0, 0), DefaultGrid, DefaultGrid, true);

    /// <summary>Reads the request parameter; null when it was not given (an empty value counts as not given).</summary>
    public static SpriteSnapshotConfig? FromParameter(string? value) => string.IsNullOrEmpty(value) ? null : Parse(value);

    /// <summary>Parses JSON or single-quoted JSON text holding one object.</summary>
    public static SpriteSnapshotConfig Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        JsonDocument document;
        try
        {
            document = LenientJson.Parse(text);
        }
        catch (JsonException)
        {
            throw Error("It must be a JSON object, for example {\"CellWidth\":120,\"Columns\":10}.");
        }

        using (document)
        {
            InputText.CheckJson(document.RootElement, ParameterName, refuseRepeatedFields: false);
            return FromJson(document.RootElement);
        }
    }

    /// <summary>Reads an already parsed object, such as the one nested in a template's SnapshotConfig.</summary>
    public static SpriteSnapshotConfig FromJson(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Error("It must be a JSON object, for example {\"CellWidth\":120,\"Columns\":10}.");
        }

        if (!JsonValues.TryReadFields(element, out var fields, out var repeated))
        {
            throw Error($"The field {repeated} is given more than once.");
        }

        return new SpriteSnapshotConfig(
            CellWidth: ReadInt(fields, nameof(CellWidth), OutputSize.MinDimension, OutputSize.MaxDimension),
            CellHeight: ReadInt(fields, nameof(CellHeight), OutputSize.MinDimension, OutputSize.MaxDimension),
            Padding: ReadInt(fields, nameof(Padding), 0, MaxSheetSide) ?? 0,
            Margin: ReadInt(fields, nameof(Margin), 0, MaxSheetSide) ?? 0,
            Color: ReadColor(fields),
            Columns: ReadInt(fields, nameof(Columns), 1, MaxGrid) ?? DefaultGrid,
            Lines: ReadInt(fields, nameof(Lines), 1, MaxGrid) ?? DefaultGrid,
            KeepCellPic: ReadKeep(fields));
    }

    /// <summary>
    /// Resolves cell sizes and checks the limits before any work starts. Cells default to the normal
    /// snapshot size; when only one side is given the other follows the source's display aspect, even-rounded
    /// like Width/Height. Refused when a sheet would exceed <see cref="MaxSheetSide"/> on a side, or when the
    /// sheets this job would compose (every cell, padding and margin, the last sheet at full size) hold more than
    /// <paramref name="pixelBudget"/> pixels.
    /// </summary>
    /// <param name="snapshotSize">Size of the job's normal snapshots.</param>
    /// <param name="sourceWidth">Display width of the source.</param>
    /// <param name="sourceHeight">Display height of the source.</param>
    /// <param name="cellCount">Number of normal snapshots the job will take (one cell each).</param>
    /// <param name="pixelBudget">Most pixels all sheets of one job may hold together.</param>
    public SpriteSheets Resolve(OutputSize snapshotSize, int sourceWidth, int sourceHeight, int cellCount, long pixelBudget)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(cellCount);
        ArgumentOutOfRangeException.ThrowIfLessThan(pixelBudget, 1);

        var (cellWidth, cellHeight) = (CellWidth, CellHeight) switch
        {
            ({ } w, { } h) => (w, h),
            ({ } w, null) => (w, OutputSize.FollowAspect(w, sourceWidth, sourceHeight)),
            (null, { } h) => (OutputSize.FollowAspect(h, sourceHeight, sourceWidth), h),
            _ => (snapshotSize.Width, snapshotSize.Height),
        };

        // Sides are computed in long first: cells that default to a very large source could overflow int.
        var sheetWidth = SpriteSheetLayout.Side(Columns, cellWidth, Padding, Margin);
        var sheetHeight = SpriteSheetLayout.Side(Lines, cellHeight, Padding, Margin);
        if (sheetWidth > MaxSheetSide)
        {
            throw Error(string.Create(CultureInfo.InvariantCulture,
                $"Sheets would be {sheetWidth} px wide (2·Margin + Columns·CellWidth + (Columns−1)·Padding with CellWidth {cellWidth}); at most {MaxSheetSide} px are allowed."));
        }

        if (sheetHeight > MaxSheetSide)
        {
            throw Error(string.Create(CultureInfo.InvariantCulture,
                $"Sheets would be {sheetHeight} px high (2·Margin + Lines·CellHeight + (Lines−1)·Padding with CellHeight {cellHeight}); at most {MaxSheetSide} px are allowed."));
        }

        var layout = new SpriteSheetLayout(cellWidth, cellHeight, Columns, Lines, Padding, Margin);
        var pixels = (long)layout.SheetCount(cellCount) * sheetWidth * sheetHeight;
        if (pixels > pixelBudget)
        {
            throw Error(string.Create(CultureInfo.InvariantCulture,
                $"The {layout.SheetCount(cellCount)} sheets of {sheetWidth}x{sheetHeight} px for {cellCount} cells hold {pixels} px, more than the {pixelBudget} px allowed per job; use a smaller CellWidth, CellHeight, Padding or Margin, or fewer snapshots."));
        }

        return new SpriteSheets(layout, new Rgb(Color.R, Color.G, Color.B), KeepCellPic);
    }

    private static int? ReadInt(IReadOnlyDictionary<string, JsonElement> fields, string name, int minimum, int maximum)
    {
        if (!JsonValues.TryGetValue(fields, name, out var element))
        {
            return null;
        }

        if (!JsonValues.TryReadInt64(element, out var value) || value < minimum || value > maximum)
        {
            throw Error(string.Create(CultureInfo.InvariantCulture,
                $"{name} must be a whole number between {minimum} and {maximum}; {element.GetRawText()} is not."));
        }

        return (int)value;
    }

    private static (byte R, byte G, byte B) ReadColor(IReadOnlyDictionary<string, JsonElement> fields)
    {
        if (!JsonValues.TryGetValue(fields, nameof(Color), out var element))
        {
            return Default.Color;
        }

        if (element.ValueKind != JsonValueKind.String || !CssColors.TryParse(element.GetString(), out var rgb))
        {
            throw Error($"Color must be a CSS colour name such as \"tomato\" or #RRGGBB; {element.GetRawText()} is not.");
        }

        return rgb;
    }

    private static bool ReadKeep(IReadOnlyDictionary<string, JsonElement> fields)
    {
        if (!JsonValues.TryGetValue(fields, nameof(KeepCellPic), out var element))
        {
            return Default.KeepCellPic;
        }

        var text = element.ValueKind == JsonValueKind.String ? element.GetString() : null;
        if (string.Equals(text, "keep", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (string.Equals(text, "delete", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        throw Error($"KeepCellPic must be \"keep\" or \"delete\"; {element.GetRawText()} is not.");
    }

    private static RpcException Error(string detail) => RpcErrors.InvalidParameterCode(ErrorCode, ParameterName, detail);
}
