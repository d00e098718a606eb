using System.Globalization;

namespace VodSnapshot.Api.Rpc;

/// <summary>
/// Reads the decimal integers that RPC parameters and JSON string fields carry. The vendor's wire types
/// (Long, and "String" fields that hold a pixel count) only ever hold whole numbers, so "120.0", "1e3",
/// hex, thousands separators, surrounding spaces, a leading '+' and trailing NULs (which .NET's own parser
/// forgives) are refused rather than guessed at. A leading '-' is accepted so that "-5" is reported as out of
/// range instead of as malformed.
/// </summary>
public static class IntegerText
{
    public static bool TryParseInt64(string? text, out long value)
    {
        value = 0;
        var digits = text is ['-', .. var rest] ? rest : text;
        return !string.IsNullOrEmpty(digits) && digits.All(char.IsAsciiDigit)
            && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>
    /// Reads an integer parameter in [<paramref name="minimum"/>, <paramref name="maximum"/>]; null when not given.
    /// Anything else is <c>InvalidParameter</c> naming the parameter and saying what is accepted.
    /// </summary>
    public static long? ParseParameter(string name, string? value, long minimum, long maximum = long.MaxValue)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (!TryParseInt64(value, out var number))
        {
            throw RpcErrors.InvalidParameter(name, "It must be a whole number.");
        }

        if (number < minimum || number > maximum)
        {
            throw RpcErrors.InvalidParameter(name, maximum == long.MaxValue
                ? string.Create(CultureInfo.InvariantCulture, $"It must be at least {minimum}.")
                : string.Create(CultureInfo.InvariantCulture, $"It must be between {minimum} and {maximum}."));
        }

        return number;
    }
}
