using System.Globalization;
using System.Text;
using System.Text.Json;

namespace VodSnapshot.Api.Rpc;

/// <summary>Reading JSON-valued request parameters, with every failure reported as InvalidParameter naming the parameter.</summary>
public static class RpcJsonInput
{
    /// <summary>
    /// Parses a JSON parameter; malformed JSON is <c>InvalidParameter</c> naming it, with <paramref name="expected"/> as
    /// the detail. Every string in it is then held to <see cref="InputText"/>'s rule and no object may repeat a field.
    /// </summary>
    public static JsonDocument Parse(string json, string parameterName, string expected = "It must be valid JSON.", bool refuseRepeatedFields = true)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException)
        {
            throw RpcErrors.InvalidParameter(parameterName, expected);
        }

        try
        {
            InputText.CheckJson(document.RootElement, parameterName, refuseRepeatedFields);
            return document;
        }
        catch
        {
            document.Dispose();
            throw;
        }
    }

    /// <summary>A string member, or null; numbers are taken as their text, anything else is refused.</summary>
    public static string? OptionalString(JsonElement item, string member, string parameterName, int maxBytes)
    {
        if (!item.TryGetProperty(member, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString()!,
            JsonValueKind.Number => value.GetRawText(),
            _ => throw RpcErrors.InvalidParameter(parameterName, $"{member} must be a string."),
        };
        return Encoding.UTF8.GetByteCount(text) <= maxBytes
            ? text
            : throw RpcErrors.InvalidParameter(parameterName, string.Create(CultureInfo.InvariantCulture, $"{member} must be at most {maxBytes} bytes."));
    }

    public static string RequiredString(JsonElement item, string member, string parameterName, int maxBytes) =>
        OptionalString(item, member, parameterName, maxBytes) is { Length: > 0 } text
            ? text
            : throw RpcErrors.InvalidParameter(parameterName, $"{member} is required.");

    /// <summary>An integer member given as a number or a numeric string (the vendor's SDK samples send strings).</summary>
    public static long? OptionalInt64(JsonElement item, string member, string parameterName)
    {
        if (!item.TryGetProperty(member, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number))
        {
            return number;
        }

        if (value.ValueKind == JsonValueKind.String && IntegerText.TryParseInt64(value.GetString(), out number))
        {
            return number;
        }

        throw RpcErrors.InvalidParameter(parameterName, $"{member} must be an integer.");
    }
}
