using System.Globalization;
using System.Text.Json;

namespace VodSnapshot.Media.Probing;

/// <summary>
/// Turns ffprobe's JSON report (<c>-show_format -show_streams -select_streams V:0</c> plus the first packets of that stream)
/// into a <see cref="MediaProbe"/>. Pure, so recorded reports can be tested without running ffprobe.
/// </summary>
internal static class FfprobeReport
{
    /// <summary>The stream ffprobe and ffmpeg are told to use: the first video stream that is not an attached picture (cover art).</summary>
    public const string VideoStreamSpecifier = "V:0";

    /// <summary>How much of the start of the video the probe reads packets from, for frame-rate constancy and keyframe spacing.</summary>
    public static readonly TimeSpan PacketWindow = TimeSpan.FromSeconds(20);

    /// <summary>Throws <see cref="MediaProbeException"/> when the report has no container section.</summary>
    public static MediaProbe Parse(string json, long sizeBytes)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new MediaProbeException("ffprobe's report could not be read.", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("format", out var format)
                || format.ValueKind != JsonValueKind.Object)
            {
                throw new MediaProbeException("The file is not a media file.");
            }

            var formatName = String(format, "format_name") ?? "unknown";
            var formatDuration = Seconds(format, "duration");
            var video = FindVideoStream(root);
            if (video is not { } stream || !IsDecodable(stream))
            {
                return new MediaProbe(
                    HasVideo: false,
                    Duration: formatDuration ?? TimeSpan.Zero,
                    SizeBytes: sizeBytes,
                    Width: 0,
                    Height: 0,
                    DisplayWidth: 0,
                    DisplayHeight: 0,
                    FrameRate: 0,
                    IsConstantFrameRate: false,
                    StartTime: TimeSpan.Zero,
                    KeyframeInterval: null,
                    VideoCodec: video is { } undecodable ? String(undecodable, "codec_name") : null,
                    FormatName: formatName);
            }

            var width = Int(stream, "width");
            var height = Int(stream, "height");
            var (displayWidth, displayHeight) = DisplaySize(stream, width, height);
            var averageRate = Rational(String(stream, "avg_frame_rate"));
            var realRate = Rational(String(stream, "r_frame_rate"));
            var frameRate = averageRate > 0 ? averageRate : realRate;
            var packets = Packets(root);
            var timeBase = Rational(String(stream, "time_base"));

            return new MediaProbe(
                HasVideo: true,
                Duration: formatDuration ?? Seconds(stream, "duration") ?? TimeSpan.Zero,
                SizeBytes: sizeBytes,
                Width: width,
                Height: height,
                DisplayWidth: displayWidth,
                DisplayHeight: displayHeight,
                FrameRate: frameRate,
                IsConstantFrameRate: IsConstant(frameRate, averageRate, realRate, timeBase, packets),
                StartTime: Seconds(stream, "start_time") ?? Seconds(format, "start_time") ?? TimeSpan.Zero,
                KeyframeInterval: KeyframeInterval(packets),
                VideoCodec: String(stream, "codec_name"),
                FormatName: formatName);
        }
    }

    /// <summary>Parses "30000/1001" or "4:3"; zero for "0/0", "N/A" or anything unreadable.</summary>
    public static double Rational(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return 0;
        }

        var separator = text.IndexOfAny(['/', ':']);
        if (separator < 0)
        {
            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var plain) && plain > 0 ? plain : 0;
        }

        return double.TryParse(text.AsSpan(0, separator), NumberStyles.Float, CultureInfo.InvariantCulture, out var numerator)
            && double.TryParse(text.AsSpan(separator + 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var denominator)
            && numerator > 0 && denominator > 0
                ? numerator / denominator
                : 0;
    }

    /// <summary>
    /// Parses ffprobe's seconds, "12.345678" or, as FFMpegCore asks for (<c>-sexagesimal</c>), "0:00:12.345678"; null for
    /// "N/A" or missing.
    /// </summary>
    public static TimeSpan? ParseSeconds(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var sign = 1;
        var rest = text.AsSpan();
        if (rest.Contains(':'))
        {
            if (rest[0] == '-')
            {
                sign = -1;
                rest = rest[1..];
            }

            var first = rest.IndexOf(':');
            var second = first < 0 ? -1 : rest[(first + 1)..].IndexOf(':');
            if (second < 0
                || !int.TryParse(rest[..first], NumberStyles.None, CultureInfo.InvariantCulture, out var hours)
                || !int.TryParse(rest.Slice(first + 1, second), NumberStyles.None, CultureInfo.InvariantCulture, out var minutes)
                || !double.TryParse(rest[(first + second + 2)..], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var secondsPart))
            {
                return null;
            }

            return TimeSpan.FromTicks(sign * ((((hours * 60L) + minutes) * 60 * TimeSpan.TicksPerSecond) + (long)Math.Round(secondsPart * TimeSpan.TicksPerSecond)));
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && double.IsFinite(seconds)
            ? TimeSpan.FromTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond))
            : null;
    }

    /// <summary>
    /// Whether FFProbe can be given the path: it writes it in quotes into one command line, which splits wrongly on a
    /// double quote in it or a backslash before the closing quote.
    /// </summary>
    public static bool CanBeNamed(string path) => !path.Contains('"', StringComparison.Ordinal) && !path.EndsWith('\\');

    private static JsonElement? FindVideoStream(JsonElement root)
    {
        if (!root.TryGetProperty("streams", out var streams) || streams.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        foreach (var stream in streams.EnumerateArray())
        {
            var isCoverArt = stream.TryGetProperty("disposition", out var disposition)
                && disposition.ValueKind == JsonValueKind.Object
                && Int(disposition, "attached_pic") == 1;
            if (String(stream, "codec_type") == "video" && !isCoverArt)
            {
                return stream;
            }
        }

        return null;
    }

    /// <summary>ffprobe still lists a video stream it has no decoder for, but without a codec name or picture size.</summary>
    private static bool IsDecodable(JsonElement stream) =>
        String(stream, "codec_name") is { Length: > 0 } codec && codec != "none"
        && Int(stream, "width") > 0 && Int(stream, "height") > 0;

    /// <summary>
    /// What a player shows: anamorphic pixels stretch the width (height is kept, as players do), and a 90° rotation
    /// (ffmpeg turns frames upright when decoding) swaps the sides.
    /// </summary>
    private static (int Width, int Height) DisplaySize(JsonElement stream, int width, int height)
    {
        var aspect = Rational(String(stream, "sample_aspect_ratio"));
        var displayWidth = aspect > 0 ? (int)Math.Round(width * aspect, MidpointRounding.AwayFromZero) : width;
        return Math.Abs(Rotation(stream)) % 180 == 90 ? (height, displayWidth) : (displayWidth, height);
    }

    private static int Rotation(JsonElement stream)
    {
        if (stream.TryGetProperty("side_data_list", out var sideData) && sideData.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in sideData.EnumerateArray())
            {
                if (item.TryGetProperty("rotation", out var rotation) && rotation.TryGetInt32(out var degrees))
                {
                    return degrees;
                }
            }
        }

        return stream.TryGetProperty("tags", out var tags) && tags.ValueKind == JsonValueKind.Object
            && int.TryParse(String(tags, "rotate"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var tagged)
                ? tagged
                : 0;
    }

    private static List<(TimeSpan Pts, bool IsKey)> Packets(JsonElement root)
    {
        var packets = new List<(TimeSpan, bool)>();
        if (!root.TryGetProperty("packets", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            return packets;
        }

        foreach (var packet in list.EnumerateArray())
        {
            if (ParseSeconds(String(packet, "pts_time")) is { } pts)
            {
                packets.Add((pts, String(packet, "flags")?.Contains('K', StringComparison.Ordinal) == true));
            }
        }

        packets.Sort((a, b) => a.Item1.CompareTo(b.Item1));
        return packets;
    }

    /// <summary>
    /// Constant when the declared rates agree and every frame in the packet window lasts 1/rate, allowing for the
    /// rounding of a coarse time base (a 1/1000 base stores 29.97 fps as 33 and 34 ms steps).
    /// </summary>
    private static bool IsConstant(double frameRate, double averageRate, double realRate, double timeBase, List<(TimeSpan Pts, bool IsKey)> packets)
    {
        if (frameRate <= 0 || averageRate <= 0 || realRate <= 0 || Math.Abs(averageRate - realRate) > averageRate * 1e-3)
        {
            return false;
        }

        var frame = 1.0 / frameRate;
        var tolerance = Math.Max(1.5 * timeBase, 2e-4);
        for (var i = 1; i < packets.Count; i++)
        {
            var step = (packets[i].Pts - packets[i - 1].Pts).TotalSeconds;
            if (Math.Abs(step - frame) > tolerance)
            {
                return false;
            }
        }

        return true;
    }

    private static TimeSpan? KeyframeInterval(List<(TimeSpan Pts, bool IsKey)> packets)
    {
        var keys = packets.Where(p => p.IsKey).Select(p => p.Pts).ToList();
        if (keys.Count < 2)
        {
            return null;
        }

        var gaps = keys.Zip(keys.Skip(1), (a, b) => b - a).Order().ToList();
        return gaps[gaps.Count / 2];
    }

    private static TimeSpan? Seconds(JsonElement element, string name) => ParseSeconds(String(element, name));

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number => value.GetRawText(),
                _ => null,
            }
            : null;

    private static int Int(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number)
            ? number
            : 0;
}
