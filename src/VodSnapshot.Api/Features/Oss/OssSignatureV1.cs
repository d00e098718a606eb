using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;

namespace VodSnapshot.Api.Features.Oss;

/// <summary>
/// The OSS header signature V1 (vod-lifecycle §3.3), pure: <c>Authorization: OSS AccessKeyId:Signature</c> with
/// Signature = base64(HMAC-SHA1(secret, VERB \n Content-MD5 \n Content-Type \n Date \n CanonicalizedOSSHeaders
/// CanonicalizedResource)). The resource is <c>/bucket/key</c> with the key decoded, then the sub-resources of the
/// query (only those OSS names), sorted, <c>k</c> or <c>k=v</c>, values not encoded.
/// </summary>
public static class OssSignatureV1
{
    /// <summary>The query parameters OSS counts as sub-resources (its documented list).</summary>
    public static readonly FrozenSet<string> SubResources = FrozenSet.Create(StringComparer.Ordinal,
        "acl", "uploads", "location", "cors", "logging", "website", "referer", "lifecycle", "delete", "append", "tagging", "objectMeta",
        "uploadId", "partNumber", "security-token", "position", "img", "style", "styleName", "replication", "replicationProgress",
        "replicationLocation", "cname", "bucketInfo", "comp", "qos", "live", "status", "vod", "startTime", "endTime", "symlink",
        "x-oss-process", "response-content-type", "x-oss-traffic-limit", "response-content-language", "response-expires",
        "response-cache-control", "response-content-disposition", "response-content-encoding", "udf", "udfName", "udfImage",
        "udfId", "udfImageDesc", "udfApplication", "udfApplicationLog", "restore", "callback", "callback-var", "policy",
        "stat", "encryption", "versions", "versioning", "versionId", "sequential", "continuation-token", "regionList",
        "cloudboxes", "inventory", "inventoryId", "worm", "wormId", "wormExtend", "requestPayment", "transferAcceleration");

    /// <param name="verb">The HTTP method.</param>
    /// <param name="contentMd5">The Content-MD5 header, or null.</param>
    /// <param name="contentType">The Content-Type header, or null.</param>
    /// <param name="date">The Date header (or, as ali-oss signs, x-oss-date).</param>
    /// <param name="headers">Every request header (name, value); the x-oss-* ones are signed.</param>
    /// <param name="bucket">The resolved bucket.</param>
    /// <param name="key">The decoded object key, or empty for the bucket itself.</param>
    /// <param name="query">The decoded query parameters (name, value or empty).</param>
    public static string StringToSign(
        string verb,
        string? contentMd5,
        string? contentType,
        string date,
        IEnumerable<KeyValuePair<string, string>> headers,
        string bucket,
        string key,
        IEnumerable<KeyValuePair<string, string>> query)
    {
        var builder = new StringBuilder();
        builder.Append(verb.ToUpperInvariant()).Append('\n')
            .Append(contentMd5).Append('\n')
            .Append(contentType).Append('\n')
            .Append(date).Append('\n');
        var ossHeaders = headers
            .Where(h => h.Key.StartsWith("x-oss-", StringComparison.OrdinalIgnoreCase))
            .GroupBy(h => h.Key.ToLowerInvariant(), StringComparer.Ordinal)
            .Select(g => (Name: g.Key, Value: string.Join(',', g.Select(h => h.Value.Trim()))))
            .OrderBy(h => h.Name, StringComparer.Ordinal);
        foreach (var (name, value) in ossHeaders)
        {
            builder.Append(name).Append(':').Append(value).Append('\n');
        }

        builder.Append('/').Append(bucket).Append('/').Append(key);
        var separator = '?';
        foreach (var (name, value) in query.Where(q => SubResources.Contains(q.Key)).OrderBy(q => q.Key, StringComparer.Ordinal))
        {
            builder.Append(separator).Append(name);
            if (value.Length > 0)
            {
                builder.Append('=').Append(value);
            }

            separator = '&';
        }

        return builder.ToString();
    }

    public static string Sign(string secret, string stringToSign) =>
        Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(stringToSign)));

    /// <summary>Compares in constant time.</summary>
    public static bool Matches(string provided, string expected) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(provided), Encoding.UTF8.GetBytes(expected));

    /// <summary>Splits <c>OSS AccessKeyId:Signature</c>; null when the header has another form.</summary>
    public static (string AccessKeyId, string Signature)? ParseAuthorization(string header)
    {
        ArgumentNullException.ThrowIfNull(header);
        if (!header.StartsWith("OSS ", StringComparison.Ordinal))
        {
            return null;
        }

        var credential = header[4..].Trim();
        var colon = credential.LastIndexOf(':');
        return colon <= 0 || colon == credential.Length - 1 ? null : (credential[..colon], credential[(colon + 1)..]);
    }
}
