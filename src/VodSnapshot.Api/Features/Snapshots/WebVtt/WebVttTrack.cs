using System.Globalization;
using System.Text;
using System.Text.Json;
using VodSnapshot.Api.Rpc;
using VodSnapshot.Media.Sprites;

namespace VodSnapshot.Api.Features.Snapshots.WebVtt;

/// <summary>
/// One cue of a thumbnail track: the time range a thumbnail stands for and where the thumbnail is.
/// </summary>
/// <param name="Index">1-based position in the track.</param>
/// <param name="StartMs">Start of the range: the time the cell was asked for.</param>
/// <param name="EndMs">End of the range: the next cell's time, or the end of the video for the last cell.</param>
/// <param name="FrameTimeMs">Presentation time of the frame actually in the cell (differs from the start with keyframes).</param>
/// <param name="Url">The cue's text: the sheet's URL with <c>#xywh=x,y,w,h</c>, or the cell image's own URL.</param>
/// <param name="Sheet">1-based sheet holding the cell, or null when cells are separate images.</param>
/// <param name="X">Left edge of the cell in its sheet (0 for separate images).</param>
/// <param name="Y">Top edge of the cell in its sheet (0 for separate images).</param>
/// <param name="Width">Cell width in pixels.</param>
/// <param name="Height">Cell height in pixels.</param>
public sealed record WebVttCue(int Index, long StartMs, long EndMs, long FrameTimeMs, string Url, int? Sheet, int X, int Y, int Width, int Height);

/// <summary>
/// One sprite sheet as it really is: its pixel size (every sheet has the full grid size) and how much of the grid is
/// used, so a player never reads an empty cell of a partly filled last sheet.
/// </summary>
/// <param name="Index">1-based sheet number, as in its URL.</param>
/// <param name="Url">The sheet's public URL.</param>
/// <param name="Width">Pixel width of the image.</param>
/// <param name="Height">Pixel height of the image.</param>
/// <param name="Columns">Columns holding at least one cell.</param>
/// <param name="Rows">Rows holding at least one cell.</param>
/// <param name="Cells">Cells on this sheet.</param>
/// <param name="FirstCue">Index of the cue of the sheet's first cell.</param>
public sealed record WebVttSheet(int Index, string Url, int Width, int Height, int Columns, int Rows, int Cells, int FirstCue);

/// <summary>
/// A WebVTT thumbnail track (the format players use for seek-bar previews) and its JSON manifest, computed from cell
/// times, the video's length, the sheet layout and the URLs only, so it can be checked without any media. Cue i runs from
/// cell i's time to cell i+1's, the last one to the end of the video.
/// </summary>
public sealed record WebVttTrack(
    long DurationMs,
    bool Combined,
    SpriteSheetLayout? Layout,
    IReadOnlyList<WebVttSheet> Sheets,
    IReadOnlyList<WebVttCue> Cues)
{
    public const int ManifestVersion = 1;

    /// <summary>A track whose cues point into sprite sheets (<c>SubOut.IsSptFrag=true</c>).</summary>
    /// <param name="cellTimesMs">Time each cell was asked for, strictly ascending, each before <paramref name="durationMs"/>.</param>
    /// <param name="durationMs">End of the video: the end of the last cue.</param>
    /// <param name="layout">The sheets' geometry; cells are placed by <see cref="SpriteSheetLayout.Place"/>.</param>
    /// <param name="sheetUrls">Public URL of each sheet, one per <see cref="SpriteSheetLayout.SheetCount"/>.</param>
    /// <param name="frameTimesMs">Presentation time of each cell's frame; the asked time when null.</param>
    public static WebVttTrack ForSheets(IReadOnlyList<long> cellTimesMs, long durationMs, SpriteSheetLayout layout, IReadOnlyList<string> sheetUrls, IReadOnlyList<long>? frameTimesMs = null)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(sheetUrls);
        CheckTimes(cellTimesMs, durationMs, frameTimesMs);
        if (sheetUrls.Count != layout.SheetCount(cellTimesMs.Count))
        {
            throw new ArgumentException("There must be one URL per sheet.", nameof(sheetUrls));
        }

        CheckUrls(sheetUrls, nameof(sheetUrls));
        var cues = new List<WebVttCue>(cellTimesMs.Count);
        for (var i = 0; i < cellTimesMs.Count; i++)
        {
            var (sheet, x, y) = layout.Place(i);
            var url = string.Create(CultureInfo.InvariantCulture, $"{sheetUrls[sheet]}#xywh={x},{y},{layout.CellWidth},{layout.CellHeight}");
            cues.Add(Cue(i, cellTimesMs, durationMs, frameTimesMs, url, sheet + 1, x, y, layout.CellWidth, layout.CellHeight));
        }

        var sheets = new List<WebVttSheet>(sheetUrls.Count);
        for (var s = 0; s < sheetUrls.Count; s++)
        {
            var cells = Math.Min(layout.CellsPerSheet, cellTimesMs.Count - (s * layout.CellsPerSheet));
            sheets.Add(new WebVttSheet(
                s + 1,
                sheetUrls[s],
                layout.SheetWidth,
                layout.SheetHeight,
                Math.Min(cells, layout.Columns),
                (cells + layout.Columns - 1) / layout.Columns,
                cells,
                (s * layout.CellsPerSheet) + 1));
        }

        return new WebVttTrack(durationMs, true, layout, sheets, cues);
    }

    /// <summary>A track whose cues point at one image per cell (<c>SubOut.IsSptFrag=false</c>).</summary>
    /// <param name="cellTimesMs">Time each cell was asked for, strictly ascending, each before <paramref name="durationMs"/>.</param>
    /// <param name="durationMs">End of the video: the end of the last cue.</param>
    /// <param name="width">Width of every cell image.</param>
    /// <param name="height">Height of every cell image.</param>
    /// <param name="imageUrls">Public URL of each cell image, one per cell.</param>
    /// <param name="frameTimesMs">Presentation time of each cell's frame; the asked time when null.</param>
    public static WebVttTrack ForImages(IReadOnlyList<long> cellTimesMs, long durationMs, int width, int height, IReadOnlyList<string> imageUrls, IReadOnlyList<long>? frameTimesMs = null)
    {
        ArgumentNullException.ThrowIfNull(imageUrls);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        CheckTimes(cellTimesMs, durationMs, frameTimesMs);
        if (imageUrls.Count != cellTimesMs.Count)
        {
            throw new ArgumentException("There must be one URL per cell.", nameof(imageUrls));
        }

        CheckUrls(imageUrls, nameof(imageUrls));
        var cues = new List<WebVttCue>(cellTimesMs.Count);
        for (var i = 0; i < cellTimesMs.Count; i++)
        {
            cues.Add(Cue(i, cellTimesMs, durationMs, frameTimesMs, imageUrls[i], null, 0, 0, width, height));
        }

        return new WebVttTrack(durationMs, false, null, [], cues);
    }

    /// <summary>A WebVTT timestamp, <c>HH:MM:SS.mmm</c> (hours grow past two digits when they must).</summary>
    public static string Timestamp(long ms)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(ms);
        return string.Create(CultureInfo.InvariantCulture,
            $"{ms / 3_600_000:00}:{ms / 60_000 % 60:00}:{ms / 1000 % 60:00}.{ms % 1000:000}");
    }

    /// <summary>The <c>.vtt</c> file: a header, then one numbered cue per cell, LF line ends.</summary>
    public string ToVtt()
    {
        var text = new StringBuilder("WEBVTT\n");
        foreach (var cue in Cues)
        {
            text.Append('\n')
                .Append(cue.Index.ToString(CultureInfo.InvariantCulture)).Append('\n')
                .Append(Timestamp(cue.StartMs)).Append(" --> ").Append(Timestamp(cue.EndMs)).Append('\n')
                .Append(cue.Url).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>
    /// The manifest written beside the track: the grid, every sheet's real size and use, and every cell's time range,
    /// frame time and place, so a player needs neither to parse the track nor to guess the last sheet's shape.
    /// </summary>
    public string ToManifestJson() => JsonSerializer.Serialize(
        new Manifest(
            ManifestVersion,
            DurationMs,
            Combined,
            Layout is null ? null : new Grid(Layout.Columns, Layout.Lines, Layout.CellWidth, Layout.CellHeight, Layout.Padding, Layout.Margin),
            Sheets,
            Cues),
        RpcJson.Options);

    private static WebVttCue Cue(int i, IReadOnlyList<long> times, long durationMs, IReadOnlyList<long>? frameTimes, string url, int? sheet, int x, int y, int width, int height) =>
        new(i + 1, times[i], i + 1 < times.Count ? times[i + 1] : durationMs, frameTimes?[i] ?? times[i], url, sheet, x, y, width, height);

    private static void CheckTimes(IReadOnlyList<long> times, long durationMs, IReadOnlyList<long>? frameTimes)
    {
        ArgumentNullException.ThrowIfNull(times);
        if (times.Count == 0)
        {
            throw new ArgumentException("A track needs at least one cell.", nameof(times));
        }

        for (var i = 0; i < times.Count; i++)
        {
            // Equal or falling times would make empty or backward cues, which players drop or reject.
            if (times[i] < 0 || (i > 0 && times[i] <= times[i - 1]))
            {
                throw new ArgumentException("Cell times must be non-negative and strictly ascending.", nameof(times));
            }
        }

        if (times[^1] >= durationMs)
        {
            throw new ArgumentOutOfRangeException(nameof(durationMs), durationMs, "The video must end after the last cell's time.");
        }

        if (frameTimes is not null && frameTimes.Count != times.Count)
        {
            throw new ArgumentException("There must be one frame time per cell.", nameof(frameTimes));
        }
    }

    private static void CheckUrls(IReadOnlyList<string> urls, string name)
    {
        // A line break or an arrow inside the cue text would end the cue or be read as timing.
        if (urls.Any(u => string.IsNullOrEmpty(u) || u.Contains('\n', StringComparison.Ordinal) || u.Contains('\r', StringComparison.Ordinal) || u.Contains("-->", StringComparison.Ordinal)))
        {
            throw new ArgumentException("URLs must be non-empty single lines without \"-->\".", name);
        }
    }

    private sealed record Manifest(int Version, long DurationMs, bool Combined, Grid? Grid, IReadOnlyList<WebVttSheet> Sheets, IReadOnlyList<WebVttCue> Cues);

    private sealed record Grid(int Columns, int Lines, int CellWidth, int CellHeight, int Padding, int Margin);
}
