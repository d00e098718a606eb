using System.Globalization;

namespace VodSnapshot.Api.Features.Snapshots.Planning;

/// <summary>
/// Reads the decimal integers that RPC parameters and JSON string fields carry. The vendor's wire types
/// (Long, and "String" fields that hold a pixel count) only ever hold whole numbers, so "120.0", "1e3",
/// hex, thousands separators and surrounding spaces are refused rather than guessed at. A leading sign
/// is accepted so that "-5" is reported as out of range instead of as malformed (spec §1, §3).
/// </summary>
public static class IntegerText
{
    public static bool TryParseInt64(string? text, out long value) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
}
