using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace VodSnapshot.Api.Features.Callbacks;

/// <summary>
/// The signatures a callback carries when an AuthKey is set. Pure, so receivers' expectations are unit-tested.
/// <list type="bullet">
/// <item>The vendor's: <c>X-VOD-TIMESTAMP</c> Unix seconds and <c>X-VOD-SIGNATURE</c> =
/// lower-case hex MD5 of <c>url|timestamp|key</c> for the URL actually called. It does not cover the body.</item>
/// <item>This service's addition: <c>X-VodSnapshot-Signature: t=&lt;timestamp&gt;,v1=&lt;hex HMAC-SHA256(key, timestamp + "." + body)&gt;</c>,
/// so a receiver can also tell that the body is the one that was signed.</item>
/// </list>
/// </summary>
public static class CallbackSignature
{
    public const string TimestampHeader = "X-VOD-TIMESTAMP";
    public const string VendorSignatureHeader = "X-VOD-SIGNATURE";
    public const string BodySignatureHeader = "X-VodSnapshot-Signature";

    /// <summary>The event's stable id, the same on every attempt and redelivery, for receivers that drop duplicates.</summary>
    public const string EventIdHeader = "X-VodSnapshot-Event-Id";

    /// <summary><c>md5_hex(url + "|" + timestamp + "|" + key)</c>, lower case.</summary>
    public static string Vendor(string url, long timestamp, string key)
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"{url}|{timestamp}|{key}");
        // The vendor's scheme is MD5; it is reproduced for compatibility, not chosen for strength.
#pragma warning disable CA5351
        return Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text)));
#pragma warning restore CA5351
    }

    /// <summary><c>t=&lt;timestamp&gt;,v1=&lt;hex HMAC-SHA256(key, timestamp + "." + body)&gt;</c>, over the exact body bytes sent.</summary>
    public static string Body(ReadOnlySpan<byte> body, long timestamp, string key)
    {
        var prefix = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{timestamp}."));
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), signed);
        return string.Create(CultureInfo.InvariantCulture, $"t={timestamp},v1={Convert.ToHexStringLower(mac)}");
    }
}
