using System.Globalization;
using System.Text;
using System.Text.Json;
using VodSnapshot.Api.Features.Snapshots.Planning;
using VodSnapshot.Api.Features.Snapshots.WebVtt;
using VodSnapshot.Api.Rpc;

namespace VodSnapshot.Api.Features.Templates;

/// <summary>
/// A snapshot template's TemplateConfig: <c>{"SnapshotType":…, "SnapshotConfig":{…}}</c>, read into the same
/// <see cref="SnapshotRequest"/> that SubmitSnapshotJob's own parameters produce. Values may be numbers or strings, as
/// the vendor's SDK samples send both; field names match without regard to case and unknown fields are ignored, as for
/// SpriteSnapshotConfig. Every error is <c>InvalidParameter</c> naming the field by its path, e.g.
/// <c>TemplateConfig.SnapshotConfig.Count</c>.
/// </summary>
/// <param name="SnapshotType">NormalSnapshot, SpriteSnapshot or WebVttSnapshot, in the vendor's spelling.</param>
/// <param name="Request">What a job using the template asks for.</param>
public sealed record SnapshotTemplateConfig(string SnapshotType, SnapshotRequest Request)
{
    public const string ParameterName = "TemplateConfig";

    /// <summary>Largest TemplateConfig accepted: far above any real one, small enough that no caller can bloat the database.</summary>
    public const int MaxBytes = 64 * 1024;

    public const string ConfigPath = ParameterName + ".SnapshotConfig";

    /// <summary>The snapshot types a template can produce, in the vendor's spelling.</summary>
    public static readonly IReadOnlyList<string> SnapshotTypes =
        [Persistence.SnapshotType.Normal, Persistence.SnapshotType.Sprite, Persistence.SnapshotType.WebVtt];

    /// <summary>Parses and checks a TemplateConfig value on its own (nothing here depends on a video).</summary>
    public static SnapshotTemplateConfig Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (Encoding.UTF8.GetByteCount(json) > MaxBytes)
        {
            throw RpcErrors.InvalidParameter(ParameterName, string.Create(CultureInfo.InvariantCulture, $"It must be at most {MaxBytes} bytes."));
        }

        using (var document = RpcJsonInput.Parse(json, ParameterName, "It must be a JSON object such as {\"SnapshotType\":\"NormalSnapshot\",\"SnapshotConfig\":{\"Count\":5}}.",
            refuseRepeatedFields: false))
        {
            var root = Fields(document.RootElement, ParameterName);
            var snapshotType = ReadSnapshotType(root);
            if (!JsonValues.TryGetValue(root, "SnapshotConfig", out var configElement))
            {
                throw RpcErrors.InvalidParameter(ConfigPath, "It is required.");
            }

            var config = Fields(configElement, ConfigPath);
            var timing = new SnapshotTiming(
                ReadInt64(config, "SpecifiedOffsetTime", 0, long.MaxValue),
                ReadInt64(config, "Count", 1, long.MaxValue),
                ReadInt64(config, "Interval", 0, long.MaxValue),
                ReadOffsetTimes(config));
            var sprite = ReadSprite(config);
            var webVtt = snapshotType == Persistence.SnapshotType.WebVtt ? ReadWebVtt(config) : null;
            var request = new SnapshotRequest(
                timing,
                (int?)ReadInt64(config, "Width", OutputSize.MinDimension, OutputSize.MaxDimension),
                (int?)ReadInt64(config, "Height", OutputSize.MinDimension, OutputSize.MaxDimension),
                ReadFrameType(config),
                // SnapshotType decides what is made: a sprite config in a NormalSnapshot template is checked but unused.
                snapshotType == Persistence.SnapshotType.Normal ? null : sprite ?? SpriteSnapshotConfig.Default,
                webVtt);
            return new SnapshotTemplateConfig(snapshotType, request);
        }
    }

    /// <summary>
    /// Checks the per-job limits that do not depend on the video, so a template that could never run is refused when it
    /// is stored rather than at every submit: Count (or the number of explicit times) above
    /// <see cref="SnapshotOptions.MaxSnapshotsPerJob"/>, and sprite sheets too large even for the smallest video they
    /// could meet. Limits that depend on the video are checked again at submit time, exactly as for plain parameters.
    /// </summary>
    public void CheckLimits(SnapshotOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var timing = Request.Timing;
        if (timing.SpecifiedOffsetTimes is { } times && times.Distinct().Count() > options.MaxSnapshotsPerJob)
        {
            throw TooMany("SpecifiedOffsetTimes", times.Distinct().Count(), options.MaxSnapshotsPerJob);
        }

        if (timing.SpecifiedOffsetTimes is null && timing.Count > options.MaxSnapshotsPerJob)
        {
            throw TooMany("Count", timing.Count.Value, options.MaxSnapshotsPerJob);
        }

        if (Request.EffectiveSprite is not { } sprite)
        {
            return;
        }

        // A side that follows the source is checked at its smallest (a source of 1 px that way), and the cells counted
        // only when every video yields the same number: what fails here fails for every video.
        var widthKnown = sprite.CellWidth is not null || (sprite.CellHeight is null && Request.Width is not null);
        var heightKnown = sprite.CellHeight is not null || (sprite.CellWidth is null && Request.Height is not null);
        var (sourceWidth, sourceHeight) = (widthKnown ? OutputSize.MaxDimension : 1, heightKnown ? OutputSize.MaxDimension : 1);
        var exactCells = timing.SpecifiedOffsetTimes is null && (timing.Interval == 0 || (timing.Interval is null && timing.Count is null));
        var cells = exactCells ? (int)(timing.Count ?? 1) : 1;
        try
        {
            var size = OutputSize.Resolve(sourceWidth, sourceHeight, Request.Width, Request.Height);
            sprite.Resolve(size, sourceWidth, sourceHeight, cells, options.SpritePixelBudget);
        }
        catch (RpcException error)
        {
            throw InConfig(error);
        }
    }

    /// <summary>
    /// Re-expresses an InvalidParameter error about a snapshot parameter (Count, SpriteSnapshotConfig…) as one about the
    /// same field of a template's SnapshotConfig, for errors raised while a template's request is resolved.
    /// </summary>
    public static RpcException InConfig(RpcException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error.Parameter is { } name && error.Code.StartsWith("InvalidParameter", StringComparison.Ordinal)
            ? RpcErrors.InvalidParameter($"{ConfigPath}.{name}", error.Detail)
            : error;
    }

    private static IReadOnlyDictionary<string, JsonElement> Fields(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw RpcErrors.InvalidParameter(path, "It must be a JSON object.");
        }

        return JsonValues.TryReadFields(element, out var fields, out var repeated)
            ? fields
            : throw RpcErrors.InvalidParameter($"{path}.{repeated}", "It is given more than once.");
    }

    private static string ReadSnapshotType(IReadOnlyDictionary<string, JsonElement> root)
    {
        const string path = ParameterName + ".SnapshotType";
        if (!JsonValues.TryGetValue(root, "SnapshotType", out var element))
        {
            throw RpcErrors.InvalidParameter(path, "It is required.");
        }

        var text = element.ValueKind == JsonValueKind.String ? element.GetString() : null;
        return SnapshotTypes.FirstOrDefault(t => string.Equals(t, text, StringComparison.OrdinalIgnoreCase))
            ?? throw RpcErrors.InvalidParameter(path, $"It must be {string.Join(", ", SnapshotTypes)}; {element.GetRawText()} is not.");
    }

    private static SnapshotFrameType ReadFrameType(IReadOnlyDictionary<string, JsonElement> config)
    {
        if (!JsonValues.TryGetValue(config, "FrameType", out var element))
        {
            return SnapshotFrameType.Normal;
        }

        return element.ValueKind == JsonValueKind.String && SnapshotFrameTypes.TryParse(element.GetString(), out var frameType)
            ? frameType
            : throw RpcErrors.InvalidParameter($"{ConfigPath}.FrameType", $"It must be \"normal\" or \"intra\"; {element.GetRawText()} is not.");
    }

    private static long? ReadInt64(IReadOnlyDictionary<string, JsonElement> config, string name, long minimum, long maximum)
    {
        if (!JsonValues.TryGetValue(config, name, out var element))
        {
            return null;
        }

        if (JsonValues.TryReadInt64(element, out var value) && value >= minimum && value <= maximum)
        {
            return value;
        }

        throw RpcErrors.InvalidParameter($"{ConfigPath}.{name}", maximum == long.MaxValue
            ? string.Create(CultureInfo.InvariantCulture, $"It must be a whole number of at least {minimum}; {element.GetRawText()} is not.")
            : string.Create(CultureInfo.InvariantCulture, $"It must be a whole number between {minimum} and {maximum}; {element.GetRawText()} is not."));
    }

    private static List<long>? ReadOffsetTimes(IReadOnlyDictionary<string, JsonElement> config)
    {
        const string name = "SpecifiedOffsetTimes";
        if (!JsonValues.TryGetValue(config, name, out var element))
        {
            return null;
        }

        if (element.ValueKind != JsonValueKind.Array)
        {
            throw RpcErrors.InvalidParameter($"{ConfigPath}.{name}", "It must be a JSON array of times in milliseconds.");
        }

        var times = new List<long>();
        foreach (var item in element.EnumerateArray())
        {
            times.Add(JsonValues.TryReadInt64(item, out var time)
                ? time
                : throw RpcErrors.InvalidParameter($"{ConfigPath}.{name}", $"Each time must be a whole number of milliseconds; {item.GetRawText()} is not."));
        }

        try
        {
            SnapshotParameters.ValidateSpecifiedOffsetTimes(times);
        }
        catch (RpcException error)
        {
            throw InConfig(error);
        }

        return times;
    }

    private static SpriteSnapshotConfig? ReadSprite(IReadOnlyDictionary<string, JsonElement> config)
    {
        if (!JsonValues.TryGetValue(config, SpriteSnapshotConfig.ParameterName, out var element))
        {
            return null;
        }

        try
        {
            // SDKs that send every value as a string may send the nested object as a JSON string too.
            return element.ValueKind == JsonValueKind.String
                ? SpriteSnapshotConfig.Parse(element.GetString()!)
                : SpriteSnapshotConfig.FromJson(element);
        }
        catch (RpcException error)
        {
            throw InConfig(error);
        }
    }

    private static WebVttSpec ReadWebVtt(IReadOnlyDictionary<string, JsonElement> config)
    {
        if (JsonValues.TryGetValue(config, "Format", out var format)
            && !(format.ValueKind == JsonValueKind.String && string.Equals(format.GetString(), "vtt", StringComparison.OrdinalIgnoreCase)))
        {
            throw RpcErrors.InvalidParameter($"{ConfigPath}.Format", $"It must be \"vtt\"; {format.GetRawText()} is not.");
        }

        if (!JsonValues.TryGetValue(config, "SubOut", out var subOut))
        {
            return new WebVttSpec(Combined: true);
        }

        var fields = Fields(subOut, $"{ConfigPath}.SubOut");
        if (!JsonValues.TryGetValue(fields, "IsSptFrag", out var fragment))
        {
            return new WebVttSpec(Combined: true);
        }

        return fragment switch
        {
            { ValueKind: JsonValueKind.True } => new WebVttSpec(true),
            { ValueKind: JsonValueKind.False } => new WebVttSpec(false),
            { ValueKind: JsonValueKind.String } when bool.TryParse(fragment.GetString(), out var combined) => new WebVttSpec(combined),
            _ => throw RpcErrors.InvalidParameter($"{ConfigPath}.SubOut.IsSptFrag", $"It must be true or false; {fragment.GetRawText()} is not."),
        };
    }

    private static RpcException TooMany(string name, long count, int maximum) =>
        RpcErrors.InvalidParameter($"{ConfigPath}.{name}", string.Create(CultureInfo.InvariantCulture,
            $"A job would take up to {count} snapshots; at most {maximum} are allowed per job."));
}
