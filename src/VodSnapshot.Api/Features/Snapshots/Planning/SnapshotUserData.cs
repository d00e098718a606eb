using System.Globalization;
using System.Text;
using System.Text.Json;
using VodSnapshot.Api.Rpc;

namespace VodSnapshot.Api.Features.Snapshots.Planning;

/// <summary>
/// The UserData parameter of a media-processing call: a JSON object whose
/// <c>MessageCallback.CallbackURL</c> overrides the callback address for this one job and whose <c>Extend</c> is
/// echoed in the callback. MessageCallback may be an object or, as the doc's "String" type allows, a JSON string
/// holding one. CallbackType defaults to <c>http</c>, the only type UserData supports. Extend may be a string
/// (kept as is) or any other JSON value (kept as the caller's JSON text without whitespace between tokens, since the
/// callback field is a string) and is
/// limited to 512 UTF-8 bytes. The emulator-only field <c>VodSnapshotFault</c> (a string) carries injected faults.
/// Other fields (AccelerateConfig…) are ignored. Every error is InvalidParameter "UserData" naming the field. Only the
/// URL's form is checked here, not whether it is safe to call.
/// </summary>
/// <param name="CallbackUrl">This job's callback address, or null to fall back to the video's or the global one.</param>
/// <param name="Extend">Passthrough text for the callback's <c>Extend</c>, or null.</param>
/// <param name="Fault">The fault text of <c>VodSnapshotFault</c>, or null.</param>
public sealed record SnapshotUserData(Uri? CallbackUrl, string? Extend, string? Fault = null)
{
    public const string FaultField = Faults.JobFaults.UserDataField;

    public const int MaxExtendBytes = 512;

    private const string ParameterName = "UserData";

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

    /// <summary>
    /// The caller's own JSON text of <paramref name="value"/> without the whitespace between tokens: every string and
    /// number stays exactly as written (no re-escaping, so an emoji is not turned into <c>\uD83D\uDE00</c>).
    /// </summary>
    private static string Compact(JsonElement value)
    {
        var raw = value.GetRawText();
        var builder = new StringBuilder(raw.Length);
        var inString = false;
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (inString)
            {
                builder.Append(c);
                if (c == '\\')
                {
                    builder.Append(raw[++i]);
                }
                else if (c == '"')
                {
                    inString = false;
                }
            }
            else if (c == '"')
            {
                inString = true;
                builder.Append(c);
            }
            else if (!char.IsWhiteSpace(c))
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
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
