using System.Security.Cryptography;
using System.Text;

namespace VodSnapshot.Api.Security;

/// <summary>
/// The vendor's signature V3, <c>ACS3-HMAC-SHA256</c>, which today's generated SDKs (the Tea/Darabonba OpenAPI
/// clients) send by default, as pure functions. The canonical request is rebuilt from the request as received:
/// decoded query pairs re-encoded, the signed headers' values, and the body's hash from <c>x-acs-content-sha256</c>.
/// </summary>
public static class SignatureV3
{
    public const string Algorithm = "ACS3-HMAC-SHA256";
    public const string AuthorizationHeader = "Authorization";
    public const string ActionHeader = "x-acs-action";
    public const string VersionHeader = "x-acs-version";
    public const string DateHeader = "x-acs-date";
    public const string NonceHeader = "x-acs-signature-nonce";
    public const string ContentSha256Header = "x-acs-content-sha256";

    /// <summary>The other algorithms the clients can be set to; named so that their refusal can say what to use instead.</summary>
    public static readonly IReadOnlyList<string> OtherClientAlgorithms = ["ACS3-HMAC-SM3", "ACS3-RSA-SHA256"];

    /// <summary>
    /// Every query pair, name and value encoded as for v1 (RFC 3986, upper-case hex, <c>%20</c> for space), sorted by
    /// encoded name in ordinal order (repeats keep their arrival order) and joined as <c>name=value&amp;…</c>.
    /// </summary>
    public static string CanonicalQueryString(IEnumerable<KeyValuePair<string, string>> query) =>
        SignatureV1.CanonicalPairs(query);

    /// <summary>
    /// One <c>name:value\n</c> line per signed header, in the order of <paramref name="signedHeaders"/> (lower-case,
    /// sorted). A header sent more than once gives its values trimmed, sorted and joined with <c>,</c>, as the clients do.
    /// </summary>
    public static string CanonicalHeaders(IReadOnlyList<string> signedHeaders, Func<string, IReadOnlyList<string>> values)
    {
        var builder = new StringBuilder();
        foreach (var name in signedHeaders)
        {
            var trimmed = values(name).Select(v => v.Trim()).Order(StringComparer.Ordinal);
            builder.Append(name).Append(':').AppendJoin(',', trimmed).Append('\n');
        }

        return builder.ToString();
    }

    /// <summary>
    /// <c>METHOD\nURI\nQUERY\nHEADERS\nSIGNEDHEADERS\nPAYLOADHASH</c>; the headers part ends in its own newline, so
    /// an empty line separates it from the signed header names.
    /// </summary>
    public static string CanonicalRequest(string method, string canonicalUri, string canonicalQuery, string canonicalHeaders,
        IReadOnlyList<string> signedHeaders, string hashedPayload) =>
        string.Join('\n', method.ToUpperInvariant(), canonicalUri, canonicalQuery, canonicalHeaders, string.Join(';', signedHeaders), hashedPayload);

    /// <summary><c>ACS3-HMAC-SHA256\n</c> and the lower-case hex SHA-256 of the canonical request.</summary>
    public static string StringToSign(string canonicalRequest) => Algorithm + "\n" + HexSha256(Encoding.UTF8.GetBytes(canonicalRequest));

    /// <summary>Lower-case hex <c>HMAC-SHA256(secret, stringToSign)</c>; unlike v1, nothing is appended to the secret.</summary>
    public static string Sign(string stringToSign, string accessKeySecret) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(accessKeySecret), Encoding.UTF8.GetBytes(stringToSign)));

    /// <summary>Lower-case hex SHA-256, as <c>x-acs-content-sha256</c> carries it.</summary>
    public static string HexSha256(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(SHA256.HashData(data));

    /// <summary>Compares two hex strings in constant time, ignoring case.</summary>
    public static bool Matches(string expected, string provided) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected.ToLowerInvariant()), Encoding.ASCII.GetBytes(provided.ToLowerInvariant()));
}

/// <summary>
/// The parts of an <c>Authorization: ACS3-HMAC-SHA256 Credential=…,SignedHeaders=…,Signature=…</c> header.
/// SignedHeaders are lower-cased and sorted, as the canonical request lists them.
/// </summary>
public sealed record V3Authorization(string Algorithm, string AccessKeyId, IReadOnlyList<string> SignedHeaders, string Signature)
{
    /// <summary>Splits the header; null when it is not <c>ALGORITHM key=value,key=value,…</c> with all three parts.</summary>
    public static V3Authorization? Parse(string header)
    {
        var space = header.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0)
        {
            return null;
        }

        var algorithm = header[..space];
        var parts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in header[(space + 1)..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || !parts.TryAdd(part[..equals].Trim(), part[(equals + 1)..].Trim()))
            {
                return null;
            }
        }

        if (!parts.TryGetValue("Credential", out var credential) || credential.Length == 0
            || !parts.TryGetValue("SignedHeaders", out var signedHeaders) || signedHeaders.Length == 0
            || !parts.TryGetValue("Signature", out var signature) || signature.Length == 0)
        {
            return null;
        }

        var names = signedHeaders.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(n => n.ToLowerInvariant()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return new V3Authorization(algorithm, credential, names, signature);
    }
}
