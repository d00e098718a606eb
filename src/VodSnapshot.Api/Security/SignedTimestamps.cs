using System.Globalization;
using VodSnapshot.Api.Rpc;

namespace VodSnapshot.Api.Security;

/// <summary>The one replay window of both signature versions: a v1 <c>Timestamp</c> or a V3 <c>x-acs-date</c>.</summary>
public static class SignedTimestamps
{
    /// <summary>How far a signed time may be from the service's clock, either way (the vendor's 15 minutes).</summary>
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(15);

    private static readonly string[] Formats = ["yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'"];

    /// <summary>
    /// <c>yyyy-MM-ddTHH:mm:ssZ</c> (fractions allowed), else <c>InvalidTimeStamp.Format</c>; within
    /// <see cref="Tolerance"/> of <paramref name="now"/>, else <c>InvalidTimeStamp.Expired</c>.
    /// </summary>
    public static DateTimeOffset Parse(string text, DateTimeOffset now)
    {
        if (!DateTimeOffset.TryParseExact(text, Formats, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var timestamp))
        {
            throw RpcErrors.TimestampFormat();
        }

        return (now - timestamp).Duration() > Tolerance ? throw RpcErrors.TimestampExpired() : timestamp;
    }

    /// <summary>
    /// Until when a nonce must be remembered: as long as its request could still be accepted, and at least the window
    /// after it was first seen.
    /// </summary>
    public static DateTimeOffset NonceExpiry(DateTimeOffset timestamp, DateTimeOffset now) => (timestamp > now ? timestamp : now) + Tolerance;
}
