using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using VodSnapshot.Api.Persistence;
using VodSnapshot.Api.Rpc;

namespace VodSnapshot.Api.Features.Uploads;

/// <summary>
/// Issues what CreateUploadVideo and RefreshUploadVideo answer (vod-lifecycle §2.3): random, stored temporary
/// credentials scoped to the video's one object, and the base64 JSON UploadAddress / UploadAuth the vendor's clients
/// decode. Credentials are never handed out before they are saved.
/// </summary>
public sealed class UploadTickets(IOptions<UploadOptions> options, TimeProvider clock)
{
    private const string Alphanumeric = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>A new object key in the vendor's form: <c>sv/&lt;8 hex&gt;-&lt;11 hex&gt;/&lt;same&gt;.&lt;ext&gt;</c>.</summary>
    public static string NewObjectKey(string extension)
    {
        var name = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4)) + "-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))[..11];
        return $"sv/{name}/{name}.{extension}";
    }

    /// <summary>The Endpoint to hand out for a call that came in on <paramref name="baseUri"/>.</summary>
    public string Endpoint(Uri baseUri)
    {
        ArgumentNullException.ThrowIfNull(baseUri);
        if (!string.IsNullOrEmpty(options.Value.Endpoint))
        {
            return options.Value.Endpoint.TrimEnd('/');
        }

        var host = baseUri.IsLoopback && baseUri.HostNameType == UriHostNameType.Dns ? "127.0.0.1" : baseUri.Host;
        return new UriBuilder(baseUri.Scheme, host, baseUri.Port).Uri.GetLeftPart(UriPartial.Authority);
    }

    /// <summary>Adds fresh credentials for <paramref name="grant"/> to <paramref name="db"/> (saved by the caller).</summary>
    public UploadCredential Issue(VodDbContext db, UploadGrant grant)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(grant);
        var now = clock.GetUtcNow();
        var credential = new UploadCredential
        {
            AccessKeyId = "STS." + Random(25),
            AccessKeySecret = Random(44),
            SecurityToken = "CAIS" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(150)),
            VideoId = grant.VideoId,
            CreationTime = now,
            // Whole seconds, so ExpireUTCTime is exactly when they stop working.
            ExpireTime = DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds()) + options.Value.CredentialLifetime,
        };
        db.Set<UploadCredential>().Add(credential);
        return credential;
    }

    /// <summary>The answer of CreateUploadVideo and RefreshUploadVideo.</summary>
    public object Answer(UploadGrant grant, UploadCredential credential)
    {
        ArgumentNullException.ThrowIfNull(grant);
        ArgumentNullException.ThrowIfNull(credential);
        var address = new UploadAddress(grant.Endpoint, grant.Bucket, grant.ObjectKey,
            grant.ObjectKey.EndsWith(".m3u8", StringComparison.OrdinalIgnoreCase) ? grant.ObjectKey[..(grant.ObjectKey.LastIndexOf('/') + 1)] : null);
        var lifetime = credential.ExpireTime.ToUnixTimeSeconds() - credential.CreationTime.ToUnixTimeSeconds();
        var auth = new UploadAuth(
            credential.SecurityToken,
            credential.AccessKeyId,
            VendorTime.Format(credential.ExpireTime),
            credential.AccessKeySecret,
            lifetime.ToString(System.Globalization.CultureInfo.InvariantCulture),
            options.Value.Region);
        return new { VideoId = grant.VideoId, UploadAddress = Encode(address), UploadAuth = Encode(auth) };
    }

    /// <summary>The decoded UploadAddress.</summary>
    public sealed record UploadAddress(string Endpoint, string Bucket, string FileName, string? ObjectPrefix);

    /// <summary>The decoded UploadAuth, in the key order the vendor's answers show.</summary>
    public sealed record UploadAuth(string SecurityToken, string AccessKeyId, string ExpireUTCTime, string AccessKeySecret, string Expiration, string Region);

    private static string Encode<T>(T value) => Convert.ToBase64String(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(value, RpcJson.Options)));

    private static string Random(int length) => RandomNumberGenerator.GetString(Alphanumeric, length);
}
