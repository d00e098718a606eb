using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using VodSnapshot.Api.Features.Uploads;
using VodSnapshot.Api.Persistence;

namespace VodSnapshot.Api.Features.Oss;

/// <summary>
/// Checks an OSS request's V1 signature and temporary credentials (vod-lifecycle §3.3), in the vendor's order:
/// malformed Authorization → InvalidArgument; no Authorization or a V4 one → AccessDenied / SignatureDoesNotMatch;
/// unknown key → InvalidAccessKeyId; missing or unknown token → InvalidSecurityToken; a token of another key →
/// AccessKeyIdAndSecurityTokenNotMatch; past ExpireUTCTime → SecurityTokenExpired; no or bad date →
/// AccessDenied; skew → RequestTimeTooSkewed; bad HMAC → SignatureDoesNotMatch; then the credential's scope: only the
/// one object handed out (anything else → AccessDenied).
/// </summary>
public sealed class OssAuthenticator(VodDbContext db, IOptions<UploadOptions> options, TimeProvider clock)
{
    public const string TokenHeader = "x-oss-security-token";

    public async Task<UploadGrant> AuthenticateAsync(HttpRequest request, OssTarget target, IReadOnlyList<KeyValuePair<string, string>> query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(target);
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.Length == 0)
        {
            throw OssException.AccessDenied("AccessDenied: anonymous access is forbidden for this operation; sign with the credentials CreateUploadVideo handed out.");
        }

        if (authorization.StartsWith("OSS4-HMAC-SHA256", StringComparison.Ordinal))
        {
            throw new OssException(System.Net.HttpStatusCode.Forbidden, "SignatureDoesNotMatch",
                "This service verifies the OSS V1 signature only (ali-oss's default); turn authorizationV4 off.");
        }

        var (keyId, signature) = OssSignatureV1.ParseAuthorization(authorization)
            ?? throw OssException.InvalidArgument("Authorization header is invalid.", "Authorization", authorization);

        var credential = await db.Set<UploadCredential>().AsNoTracking().SingleOrDefaultAsync(c => c.AccessKeyId == keyId, ct)
            ?? throw OssException.InvalidAccessKeyId(keyId);
        var token = request.Headers[TokenHeader].ToString();
        if (token.Length == 0)
        {
            throw OssException.InvalidSecurityToken();
        }

        if (!OssSignatureV1.Matches(token, credential.SecurityToken))
        {
            throw await db.Set<UploadCredential>().AnyAsync(c => c.SecurityToken == token, ct)
                ? OssException.KeyAndTokenMismatch()
                : OssException.InvalidSecurityToken();
        }

        var now = clock.GetUtcNow();
        if (now >= credential.ExpireTime)
        {
            throw OssException.SecurityTokenExpired(credential.ExpireTime);
        }

        var dates = DateLines(request);
        if (dates.Count == 0)
        {
            throw OssException.AccessDenied("AccessDenied: the request carries no valid Date or x-oss-date header.");
        }

        if (dates.All(d => (d.Time - now).Duration() > options.Value.MaxClockSkew))
        {
            throw OssException.RequestTimeTooSkewed(now);
        }

        var headers = request.Headers.SelectMany(h => h.Value.Select(v => new KeyValuePair<string, string>(h.Key, v ?? string.Empty))).ToList();
        var contentMd5 = request.Headers.ContentMD5.ToString();
        var contentTypes = ContentTypes(request.ContentType);
        string? firstStringToSign = null;
        foreach (var (line, _) in dates)
        {
            foreach (var contentType in contentTypes)
            {
                var stringToSign = OssSignatureV1.StringToSign(request.Method, contentMd5, contentType, line, headers, target.Bucket, target.Key, query);
                firstStringToSign ??= stringToSign;
                if (OssSignatureV1.Matches(signature, OssSignatureV1.Sign(credential.AccessKeySecret, stringToSign)))
                {
                    return await ScopeAsync(credential, target, ct);
                }
            }
        }

        throw OssException.SignatureDoesNotMatch(keyId, signature, firstStringToSign!);
    }

    private async Task<UploadGrant> ScopeAsync(UploadCredential credential, OssTarget target, CancellationToken ct)
    {
        var grant = await db.Set<UploadGrant>().SingleAsync(g => g.VideoId == credential.VideoId, ct);
        return grant.Bucket == target.Bucket && grant.ObjectKey == target.Key
            ? grant
            : throw OssException.AccessDenied("You have no right to access this object because of bucket acl or policy: these credentials may write only the object CreateUploadVideo handed out.");
    }

    /// <summary>The Date line candidates: the Date header (oss2, Java), then x-oss-date (ali-oss), each with its time.</summary>
    private static List<(string Line, DateTimeOffset Time)> DateLines(HttpRequest request)
    {
        var lines = new List<(string, DateTimeOffset)>();
        foreach (var value in new[] { request.Headers.Date.ToString(), request.Headers["x-oss-date"].ToString() })
        {
            if (value.Length > 0 && DateTimeOffset.TryParseExact(value, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
            {
                lines.Add((value, time));
            }
        }

        return lines;
    }

    /// <summary>The Content-Type as sent, then without a <c>;charset=…</c> a browser may have added.</summary>
    private static List<string> ContentTypes(string? contentType)
    {
        var types = new List<string> { contentType ?? string.Empty };
        var semicolon = contentType?.IndexOf(';', StringComparison.Ordinal) ?? -1;
        if (semicolon > 0)
        {
            types.Add(contentType![..semicolon].Trim());
        }

        return types;
    }
}
