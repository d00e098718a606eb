using System.Globalization;

namespace VodSnapshot.Api.Rpc;

/// <summary>The vendor's time format: ISO-8601 UTC to the second, <c>yyyy-MM-ddTHH:mm:ssZ</c>.</summary>
public static class VendorTime
{
    public static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
