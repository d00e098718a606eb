using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace VodSnapshot.Api.Security;

/// <summary>
/// The vendor's RPC signature, version 1.0 (HMAC-SHA1 over the percent-encoded, sorted parameters), as pure
/// functions. The canonical string is always rebuilt from decoded parameters: the raw query text differs between
/// clients (which characters they escape, hex case, '+' for space) while the signature is defined over one encoding
/// only.
/// </summary>
public static class SignatureV1
{
    public const string Method = "HMAC-SHA1";
    public const string Version = "1.0";
    public const string SignatureParameter = "Signature";

    private const string UpperHex = "0123456789ABCDEF";

    /// <summary>
    /// RFC 3986 percent-encoding of the UTF-8 bytes: <c>A–Z a–z 0–9 - _ . ~</c> stay, every other byte becomes
    /// <c>%XY</c> with upper-case hex (so space is <c>%20</c>, <c>*</c> is <c>%2A</c>, never <c>+</c>).
    /// </summary>
    public static string PercentEncode(string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        var builder = new StringBuilder(bytes.Length * 3);
        foreach (var b in bytes)
        {
            if (IsUnreserved(b))
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('%').Append(UpperHex[b >> 4]).Append(UpperHex[b & 0xF]);
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// Every pair except <c>Signature</c>, encoded, sorted by encoded name in ordinal (byte) order and joined as
    /// <c>name=value&amp;…</c>. A repeated name keeps all its pairs in arrival order, so nothing received goes unsigned.
    /// </summary>
    public static string CanonicalizedQueryString(IEnumerable<KeyValuePair<string, string>> parameters) =>
        CanonicalPairs(parameters.Where(p => !string.Equals(p.Key, SignatureParameter, StringComparison.Ordinal)));

    /// <summary>
    /// The pairs encoded, sorted by encoded name in ordinal order (a stable sort: repeats keep their arrival order) and
    /// joined as <c>name=value&amp;…</c>: the canonical query of both signature versions.
    /// </summary>
    public static string CanonicalPairs(IEnumerable<KeyValuePair<string, string>> pairs) =>
        string.Join('&', pairs
            .Select(p => (Name: PercentEncode(p.Key), Value: PercentEncode(p.Value)))
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => p.Name + "=" + p.Value));

    /// <summary><c>METHOD&amp;%2F&amp;percentEncode(canonicalized)</c>: the canonical string is encoded a second time.</summary>
    public static string StringToSign(string httpMethod, IEnumerable<KeyValuePair<string, string>> parameters) =>
        httpMethod.ToUpperInvariant() + "&" + PercentEncode("/") + "&" + PercentEncode(CanonicalizedQueryString(parameters));

    /// <summary><c>Base64(HMAC-SHA1(secret + "&amp;", stringToSign))</c>.</summary>
    [SuppressMessage("Security", "CA5350:Do Not Use Weak Cryptographic Algorithms",
        Justification = "Signature version 1.0 is defined as HMAC-SHA1; the clients this service must accept cannot use anything else.")]
    public static string Sign(string stringToSign, string accessKeySecret) =>
        Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(accessKeySecret + "&"), Encoding.UTF8.GetBytes(stringToSign)));

    /// <summary>Compares in constant time, so response timing reveals nothing about how much of a guess was right.</summary>
    public static bool Matches(string expected, string provided) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(provided));

    private static bool IsUnreserved(byte b) =>
        b is (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'a' and <= (byte)'z') or (>= (byte)'0' and <= (byte)'9')
            or (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~';
}
