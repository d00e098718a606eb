using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using VodSnapshot.Api.Rpc;

namespace VodSnapshot.Api.Features.Snapshots.Planning;

/// <summary>
/// The UserData parameter of a media-processing call (spec §6, §10.10, §10.12): a JSON object whose
/// <c>MessageCallback.CallbackURL</c> overrides the callback address for this one job and whose <c>Extend</c> is
/// echoed in the callback. MessageCallback may be an object or, as the doc's "String" type allows, a JSON string
/// holding one. CallbackType defaults to <c>http</c>, the only type UserData supports. Extend may be a string
/// (kept as is) or any other JSON value (kept as compact JSON, since the callback field is a string) and is
/// limited to 512 UTF-8 bytes. The emulator-only field <c>VodSnapshotFault</c> (a string) carries injected faults.
/// Other fields (AccelerateConfig…) are ignored. Every error is InvalidParameter "UserData" naming the field. Only the
/// URL's form is checked here, not whether it is safe to call.
/// </summary>
/// <param name="CallbackUrl">This job's callback address, or null to fall back to the video's or the global one.</param>
/// <param name="Extend">Passthrough text for the callback's <c>Extend</c>, or null.</param>
/// <param name="Fault">The fault text of <c>VodSnapshotFault</c>, or null.</param>
public sealed record SnapshotUserData(Uri? CallbackUrl, string? Extend, string? Fault = null)
{
    public const string FaultField = "VodSnapshotFault";

    public const int MaxExtendBytes = 512;

    private const string ParameterName = "UserData";

    // Non-ASCII text in Extend is echoed as written rather than as \u escapes; the result is only ever
    // embedded in JSON, never in HTML.
    private static readonly JsonWriterOptions CompactWriter = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>UserData that changes nothing.</summary>
    public static SnapshotUserData None { get; } = new(null, null);

    /// <summary>Reads the parameter; <see cref="None"/> when not given (an empty value counts as not given).</summary>
    public static SnapshotUserData Parse(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return None;
        }

        using var document = ParseObject(json, "It must be a JSON object.");
        if (!JsonValues.TryReadFields(document.RootElement, out var fields, out var repeated))
        {
            throw Error($"The field {repeated} is given more than once.");
        }

        return new SnapshotUserData(ReadCallbackUrl(fields), ReadExtend(fields), ReadFault(fields));
    }

    private static Uri? ReadCallbackUrl(IReadOnlyDictionary<string, JsonElement> fields)
    {
        if (!JsonValues.TryGetValue(fields, "MessageCallback", out var callback))
        {
            return null;
        }

        if (callback.ValueKind == JsonValueKind.String)
        {
            var text = callback.GetString();
            if (string.IsNullOrEmpty(text))
            {
                return null;
            }

            using var inner = ParseObject(text, "MessageCallback must be a JSON object or a string holding one.");
            return ReadCallbackObject(inner.RootElement);
        }

        if (callback.ValueKind != JsonValueKind.Object)
        {
            throw Error("MessageCallback must be a JSON object or a string holding one.");
        }

        return ReadCallbackObject(callback);
    }

    private static Uri? ReadCallbackObject(JsonElement callback)
    {
        if (!JsonValues.TryReadFields(callback, out var fields, out var repeated))
        {
            throw Error($"The field MessageCallback.{repeated} is given more than once.");
        }

        if (JsonValues.TryGetValue(fields, "CallbackType", out var type)
            && !(type.ValueKind == JsonValueKind.String && string.Equals(type.GetString(), "http", StringComparison.OrdinalIgnoreCase)))
        {
            throw Error($"MessageCallback.CallbackType must be \"http\", the only type UserData supports; {type.GetRawText()} is not.");
        }

        if (!JsonValues.TryGetValue(fields, "CallbackURL", out var url))
        {
            return null;
        }

        if (url.ValueKind != JsonValueKind.String)
        {
            throw Error("MessageCallback.CallbackURL must be an absolute http or https URL.");
        }

        var text = url.GetString();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw Error("MessageCallback.CallbackURL must be an absolute http or https URL.");
        }

        return uri;
    }

    private static string? ReadExtend(IReadOnlyDictionary<string, JsonElement> fields)
    {
        if (!JsonValues.TryGetValue(fields, "Extend", out var extend))
        {
            return null;
        }

        var text = extend.ValueKind == JsonValueKind.String ? extend.GetString()! : Compact(extend);
        var bytes = Encoding.UTF8.GetByteCount(text);
        if (bytes > MaxExtendBytes)
        {
            throw Error(string.Create(CultureInfo.InvariantCulture,
                $"Extend must be at most {MaxExtendBytes} bytes; it is {bytes}."));
        }

        return text;
    }

    private static string? ReadFault(IReadOnlyDictionary<string, JsonElement> fields)
    {
        if (!JsonValues.TryGetValue(fields, FaultField, out var fault))
        {
            return null;
        }

        return fault.ValueKind == JsonValueKind.String
            ? fault.GetString()
            : throw Error($"{FaultField} must be a string such as \"fail=InternalError; delay=5\".");
    }

    private static string Compact(JsonElement value)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, CompactWriter))
        {
            value.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static JsonDocument ParseObject(string json, string detail)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException)
        {
            throw Error(detail);
        }

        try
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw Error(detail);
            }

            InputText.CheckJson(document.RootElement, ParameterName);
            return document;
        }
        catch
        {
            document.Dispose();
            throw;
        }
    }

    private static RpcException Error(string detail) => RpcErrors.InvalidParameter(ParameterName, detail);
}
