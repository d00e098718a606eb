using System.Globalization;
using System.Text;
using VodSnapshot.Media.Probing;

namespace VodSnapshot.Media.Extraction;

/// <summary>
/// What every written image shares: size, JPEG quality, whether only keyframes are decoded, and the size of the sprite cell
/// written beside each image (none when zero).
/// </summary>
internal sealed record ImageSettings(int Width, int Height, int QScale, bool KeyframesOnly, int CellWidth = 0, int CellHeight = 0)
{
    public bool WritesCells => CellWidth > 0 && CellHeight > 0;
}

/// <summary>One image an ffmpeg run may write, and how to find the time of the frame in it.</summary>
/// <param name="Path">The file ffmpeg writes.</param>
/// <param name="CellPath">The same frame at the sprite cell size, when cells are asked for.</param>
/// <param name="ShowInfoName">The showinfo instance that saw the frame.</param>
/// <param name="Ordinal">Which of that instance's frames it is (0-based).</param>
/// <param name="Offset">What ffmpeg subtracted from the source timestamps (the input's <c>-ss</c>).</param>
internal readonly record struct PlannedImage(string Path, string? CellPath, string ShowInfoName, int Ordinal, TimeSpan Offset);

/// <param name="Arguments">ffmpeg's argument list.</param>
/// <param name="Images">One image per planned frame; which frame each holds is told by its decoded time.</param>
internal sealed record FfmpegCommand(IReadOnlyList<string> Arguments, IReadOnlyList<PlannedImage> Images);

/// <summary>
/// Builds ffmpeg argument lists. Pure. Timestamps stay on the source's own clock (<c>-seek_timestamp 1</c> makes <c>-ss</c>
/// absolute and keeps ffmpeg from adding the container start), so a showinfo time plus the <c>-ss</c> value is the frame's
/// real presentation time.
/// </summary>
internal static class FfmpegCommands
{
    /// <summary>
    /// One input per frame, each mapped to its own one-frame output. Each input seeks to a point inside its frame's display
    /// time (<see cref="FramePick.LandingPoint"/>) without ffmpeg's accurate seek, so decoding starts at the keyframe at or
    /// before the frame and ends with it, and a <c>select</c> on the frame's time window lets only the planned frame through.
    /// Seeking to just before the frame instead would start a frame that is a keyframe from the keyframe before it: a whole
    /// interval decoded for nothing.
    /// </summary>
    public static FfmpegCommand SeekInputs(string source, IReadOnlyList<FramePick> frames, ImageSettings image, string folder, string name, int threads) =>
        SeekRanges(source, frames.Select(f => (IReadOnlyList<FramePick>)[f]).ToList(), image, folder, name, threads);

    /// <summary>
    /// One input per range of frames (ascending), each seeking like <see cref="SeekInputs"/> to its first frame and decoding on
    /// to its last, its <c>select</c> letting through only its frames and its output ending with the last of them. A range of
    /// one frame is exactly a seeking input; a longer one reads at most a reordering allowance past its last frame.
    /// </summary>
    public static FfmpegCommand SeekRanges(string source, IReadOnlyList<IReadOnlyList<FramePick>> ranges, ImageSettings image, string folder, string name, int threads)
    {
        var arguments = Head();
        var graph = new StringBuilder();
        var outputs = new List<string>();
        var images = new List<PlannedImage>();
        for (var i = 0; i < ranges.Count; i++)
        {
            var frames = ranges[i];
            var seekPoint = WholeMicroseconds(frames[0].LandingPoint);
            var last = frames[^1];
            var duration = frames.Count > 1 ? last.Pts + last.Margin + FramePlanner.ReorderAllowance - seekPoint : (TimeSpan?)null;
            arguments.Add("-noaccurate_seek");
            arguments.AddRange(Input(source, image, threads, seekPoint, duration));

            var showInfo = string.Create(CultureInfo.InvariantCulture, $"{name}_{i}");
            if (graph.Length > 0)
            {
                graph.Append(';');
            }

            var label = string.Create(CultureInfo.InvariantCulture, $"o{i}");
            var windows = string.Join('+', frames.Select(f => $"between(t,{Seconds(f.Pts - f.Margin - seekPoint)},{Seconds(f.Pts + f.Margin - seekPoint)})"));
            var input = frames.Count == 1
                ? string.Create(CultureInfo.InvariantCulture, $"[{i}:{FfprobeReport.VideoStreamSpecifier}]")
                : WithHeartbeat(i, label, showInfo) + $"[pick{label}]";
            graph.Append(Branches($"{input}select='{windows}',showinfo@{showInfo}", label, image));
            if (frames.Count == 1)
            {
                var path = Path.Combine(folder, showInfo + ".jpg");
                var cellPath = image.WritesCells ? Path.Combine(folder, showInfo + ".cell.jpg") : null;
                outputs.AddRange(Outputs(label, image, frames: 1, path, cellPath, single: true));
                images.Add(new PlannedImage(path, cellPath, showInfo, 0, seekPoint));
                continue;
            }

            outputs.AddRange(Outputs(
                label,
                image,
                frames.Count,
                Path.Combine(folder, showInfo + "_%05d.jpg"),
                image.WritesCells ? Path.Combine(folder, showInfo + "_%05d.cell.jpg") : null,
                single: false));
            for (var j = 0; j < frames.Count; j++)
            {
                var stem = Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"{showInfo}_{j + 1:D5}"));
                images.Add(new PlannedImage(stem + ".jpg", image.WritesCells ? stem + ".cell.jpg" : null, showInfo, j, seekPoint));
            }
        }

        arguments.Add("-filter_complex");
        arguments.Add(graph.ToString());
        arguments.AddRange(outputs);
        return new FfmpegCommand(arguments, images);
    }

    /// <summary>
    /// One decoding pass over a stretch of the source, keeping only the planned frames with a <c>select</c> on time windows.
    /// With <paramref name="seek"/> the pass starts by input seeking to the first frame; without, it decodes from the start of
    /// the file, which is slow but needs nothing from the container's index.
    /// </summary>
    public static FfmpegCommand DecodePass(string source, IReadOnlyList<FramePick> frames, ImageSettings image, string folder, string name, int threads, bool seek)
    {
        var last = frames[^1];
        var offset = seek ? WholeMicroseconds(frames[0].SeekPoint) : TimeSpan.Zero;

        var arguments = Head();

        // Bounds the read when a planned frame is not there after all, instead of decoding to the end of a long file.
        var duration = seek ? last.Pts + last.Margin + FramePlanner.ReorderAllowance - offset : (TimeSpan?)null;
        arguments.AddRange(Input(source, image, threads, seek ? offset : null, duration));

        var select = new StringBuilder();
        foreach (var frame in frames)
        {
            if (select.Length > 0)
            {
                select.Append('+');
            }

            select.Append("between(t,")
                .Append(Seconds(frame.Pts - frame.Margin - offset)).Append(',')
                .Append(Seconds(frame.Pts + frame.Margin - offset)).Append(')');
        }

        arguments.Add("-filter_complex");
        arguments.Add(WithHeartbeat(0, "", name) + Branches($"[pick]select='{select}',showinfo@{name}", "o", image));
        arguments.AddRange(Outputs(
            "o",
            image,
            frames.Count,
            Path.Combine(folder, name + "_%05d.jpg"),
            image.WritesCells ? Path.Combine(folder, name + "_%05d.cell.jpg") : null,
            single: false));

        var images = frames.Select((_, i) =>
        {
            var stem = Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"{name}_{i + 1:D5}"));
            return new PlannedImage(stem + ".jpg", image.WritesCells ? stem + ".cell.jpg" : null, name, i, offset);
        }).ToList();
        return new FfmpegCommand(arguments, images);
    }

    /// <summary>
    /// Splits input <paramref name="input"/> into <c>[pick{suffix}]</c> and a heartbeat. A run may decode a long stretch
    /// before its next wanted frame (from the start of the file, for one), writing nothing meanwhile; one frame per second
    /// of decoded video through a showinfo into a null sink tells the stall watchdog it is still moving. A sink inside the
    /// graph is not an output, so it does not keep ffmpeg reading once the images are written.
    /// </summary>
    private static string WithHeartbeat(int input, string suffix, string name) =>
        string.Create(CultureInfo.InvariantCulture, $"[{input}:{FfprobeReport.VideoStreamSpecifier}]split=2[pick{suffix}][beat{suffix}];")
        + $"[beat{suffix}]select='isnan(prev_selected_t)+gte(t-prev_selected_t,1)',showinfo@{name}_beat,nullsink;";

    private static List<string> Head() =>
    [
        "-hide_banner", "-nostdin", "-nostats",

        // showinfo reports at info level, the decoded-frame statistics at verbose level (each line tagged with its level,
        // so the verbose ones are told apart and kept out of the error tail); -progress feeds the stall watchdog.
        "-loglevel", "level+verbose",
        "-progress", "pipe:1",
    ];

    private static IEnumerable<string> Input(string source, ImageSettings image, int threads, TimeSpan? seekTo, TimeSpan? duration)
    {
        yield return "-threads";
        yield return threads.ToString(CultureInfo.InvariantCulture);
        if (image.KeyframesOnly)
        {
            yield return "-skip_frame";
            yield return "nokey";
        }

        yield return "-an";
        yield return "-sn";
        yield return "-dn";
        yield return "-seek_timestamp";
        yield return "1";
        if (seekTo is { } seek)
        {
            yield return "-ss";
            yield return Seconds(seek);
        }

        if (duration is { } limit)
        {
            yield return "-t";
            yield return Seconds(limit);
        }

        yield return "-i";
        yield return source;
    }

    /// <summary>
    /// The scaling end of a filter chain: to <c>[label]</c> at the image size, and with cells also to <c>[labelcell]</c>
    /// at the cell size, both from the one decoded frame.
    /// </summary>
    private static string Branches(string chain, string label, ImageSettings image) =>
        image.WritesCells
            ? $"{chain},split=2[{label}f][{label}c];[{label}f]{Scale(image.Width, image.Height)}[{label}];[{label}c]{Scale(image.CellWidth, image.CellHeight)}[{label}cell]"
            : $"{chain},{Scale(image.Width, image.Height)}[{label}]";

    private static string[] Outputs(string label, ImageSettings image, int frames, string path, string? cellPath, bool single)
    {
        var outputs = Output($"[{label}]", image, frames, path, single);
        return cellPath is null ? outputs : [.. outputs, .. Output($"[{label}cell]", image, frames, cellPath, single)];
    }

    private static string[] Output(string label, ImageSettings image, int frames, string path, bool single)
    {
        string[] common =
        [
            "-map", label,
            "-an", "-sn", "-dn",
            "-fps_mode", "passthrough",
            "-frames:v", frames.ToString(CultureInfo.InvariantCulture),
            "-c:v", "mjpeg",
            "-pix_fmt", "yuvj420p",
            "-q:v", image.QScale.ToString(CultureInfo.InvariantCulture),
        ];
        return [.. common, .. single ? ["-update", "1"] : new[] { "-start_number", "1" }, path];
    }

    /// <summary>Exactly the requested size, stretched if the aspect differs; square pixels so viewers do not stretch it again.</summary>
    private static string Scale(int width, int height) =>
        string.Create(CultureInfo.InvariantCulture, $"scale={width}:{height},setsar=1");

    /// <summary>Seconds as ffmpeg reads them, to the microsecond (its own resolution), rounded half away from zero.</summary>
    public static string Seconds(TimeSpan time)
    {
        var microseconds = WholeMicroseconds(time).Ticks / 10;
        var magnitude = Math.Abs(microseconds);
        return string.Create(CultureInfo.InvariantCulture, $"{(microseconds < 0 ? "-" : string.Empty)}{magnitude / 1_000_000}.{magnitude % 1_000_000:D6}");
    }

    /// <summary>A seek point as ffmpeg will hold it, so the offset it subtracts is known exactly.</summary>
    private static TimeSpan WholeMicroseconds(TimeSpan time) =>
        TimeSpan.FromTicks((long)Math.Round(time.Ticks / 10.0, MidpointRounding.AwayFromZero) * 10);
}
