using System.Net;
using Microsoft.AspNetCore.Http.Features;

namespace VodSnapshot.Api.Features.Oss;

/// <summary>The bucket and decoded object key a request addresses.</summary>
public sealed record OssTarget(string Bucket, string Key);

/// <summary>
/// Which requests are OSS requests and what they address (vod-lifecycle §3.2), pure: virtual-hosted
/// (<c>bucket.host/key</c>, including the <c>bucket.oss-cn-hangzhou.aliyuncs.com</c> Host that ali-oss writes for IP
/// endpoints), path-style (<c>/bucket/key</c>), else the whole path is a key of the service's bucket (VOD keys are
/// unique). Keys are decoded from the raw request target, so <c>%2F</c> and <c>+</c> mean what the client meant.
/// </summary>
public static class OssAddressing
{
    /// <summary>Whether the service's OSS endpoint should answer this request (and not the RPC surface or a file route).</summary>
    public static bool IsOssRequest(HttpRequest request, string bucket)
    {
        ArgumentNullException.ThrowIfNull(request);
        var path = request.Path.Value ?? "/";
        return HostBucket(request.Host.Host) is not null
            || path.StartsWith("/" + bucket + "/", StringComparison.Ordinal)
            || path.StartsWith("/sv/", StringComparison.Ordinal)
            || request.Headers.Authorization.ToString().StartsWith("OSS", StringComparison.Ordinal);
    }

    public static OssTarget Resolve(HttpRequest request, string bucket)
    {
        ArgumentNullException.ThrowIfNull(request);
        var raw = request.HttpContext.Features.Get<IHttpRequestFeature>()?.RawTarget ?? request.Path.Value ?? "/";
        var question = raw.IndexOf('?', StringComparison.Ordinal);
        var path = Uri.UnescapeDataString(question < 0 ? raw : raw[..question]);
        if (Uri.TryCreate(path, UriKind.Absolute, out var absolute))
        {
            // An absolute-form target (proxies): only its path counts.
            path = Uri.UnescapeDataString(absolute.AbsolutePath);
        }

        path = path.TrimStart('/');
        if (HostBucket(request.Host.Host) is { } hosted)
        {
            return new OssTarget(hosted, path);
        }

        if (path.StartsWith(bucket + "/", StringComparison.Ordinal) || path == bucket)
        {
            return new OssTarget(bucket, path.Length > bucket.Length ? path[(bucket.Length + 1)..] : string.Empty);
        }

        return new OssTarget(bucket, path);
    }

    /// <summary>The bucket named by a virtual-hosted Host (<c>bucket.oss-….aliyuncs.com</c> or <c>outin-….anything</c>), or null.</summary>
    public static string? HostBucket(string host)
    {
        if (string.IsNullOrEmpty(host) || IPAddress.TryParse(host, out _))
        {
            return null;
        }

        var dot = host.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0)
        {
            return null;
        }

        var label = host[..dot].ToLowerInvariant();
        var rest = host[(dot + 1)..];
        return rest.EndsWith("aliyuncs.com", StringComparison.OrdinalIgnoreCase) || label.StartsWith("outin-", StringComparison.Ordinal) ? label : null;
    }

    /// <summary>The decoded query parameters in arrival order (<c>uploads=</c> and <c>uploads</c> both give an empty value).</summary>
    public static List<KeyValuePair<string, string>> Query(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return [.. request.Query.SelectMany(q => q.Value.Count == 0 ? [new KeyValuePair<string, string>(q.Key, string.Empty)]
            : q.Value.Select(v => new KeyValuePair<string, string>(q.Key, v ?? string.Empty)))];
    }
}
