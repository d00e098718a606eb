using System.Text.Json;
using VodSnapshot.Api.Rpc;

namespace VodSnapshot.Api.Features.Snapshots.Planning;

/// <summary>
/// Reads values from vendor JSON documents, where the same field is written as a bare number by one client
/// and as a quoted string by another (the docs' examples send <c>"Count":"50"</c>, the API examples
/// <c>"CellWidth": 120</c>). Field names are matched without regard to case because the vendor's
/// JSON binder does the same; a name given twice is reported instead of silently picking one.
/// </summary>
public static class JsonValues
{
    /// <summary>
    /// Reads a whole number from a JSON number (<c>120</c>, also <c>120.0</c> or <c>1.2e2</c> since they are
    /// whole) or from a string holding a decimal integer (<c>"120"</c>, see <see cref="IntegerText"/>).
    /// </summary>
    public static bool TryReadInt64(JsonElement element, out long value)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Number:
                if (element.TryGetInt64(out value))
                {
                    return true;
                }

                if (element.TryGetDecimal(out var number) && decimal.Truncate(number) == number
                    && number is >= long.MinValue and <= long.MaxValue)
                {
                    value = (long)number;
                    return true;
                }

                value = 0;
                return false;
            case JsonValueKind.String:
                return IntegerText.TryParseInt64(element.GetString(), out value);
            default:
                value = 0;
                return false;
        }
    }

    /// <summary>Reads a whole number that also fits in an <see cref="int"/>.</summary>
    public static bool TryReadInt32(JsonElement element, out int value)
    {
        if (TryReadInt64(element, out var wide) && wide is >= int.MinValue and <= int.MaxValue)
        {
            value = (int)wide;
            return true;
        }

        value = 0;
        return false;
    }

    /// <summary>
    /// The properties of a JSON object keyed case-insensitively. Returns false with the repeated name when a
    /// field appears twice (also when only the case differs), because either reading of it would be a guess.
    /// </summary>
    public static bool TryReadFields(JsonElement obj, out IReadOnlyDictionary<string, JsonElement> fields, out string? repeatedName)
    {
        if (obj.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException("Expected a JSON object.", nameof(obj));
        }

        var map = new Dictionary<string, JsonElement>(StringComparer.OrdinalIgnoreCase);
        foreach (var property in obj.EnumerateObject())
        {
            if (!map.TryAdd(property.Name, property.Value))
            {
                fields = map;
                repeatedName = property.Name;
                return false;
            }
        }

        fields = map;
        repeatedName = null;
        return true;
    }

    /// <summary>
    /// Looks a field up in a map from <see cref="TryReadFields"/>, treating an explicit JSON <c>null</c> like a
    /// missing field: clients that serialise unset optional members write <c>null</c>, and they mean "default".
    /// </summary>
    public static bool TryGetValue(IReadOnlyDictionary<string, JsonElement> fields, string name, out JsonElement value) =>
        fields.TryGetValue(name, out value) && value.ValueKind != JsonValueKind.Null;
}
