using System.Collections.Frozen;
using System.Globalization;
using Microsoft.Extensions.Options;
using VodSnapshot.Api.Rpc;

namespace VodSnapshot.Api.Security;

/// <summary>
/// Authenticates every RPC call with signature v1 (spec §7.2) and then applies the per-caller rate limit.
/// <para>
/// A call is <em>signed</em> when it carries <c>Signature</c> or <c>AccessKeyId</c>; a signed call is always verified in
/// full, so adding a wrong signature never falls back to anonymous. Checks run cheapest and least revealing first:
/// required parts, method and version, timestamp, key, signature; then throttling; the nonce is recorded last, only
/// for calls that are authentic and admitted, so nobody can fill the nonce table or burn another caller's nonces.
/// </para>
/// </summary>
public sealed class RpcAuthenticationFilter : IRpcRequestFilter
{
    /// <summary>How far a Timestamp may be from the service's clock, either way (the vendor's 15 minutes).</summary>
    public static readonly TimeSpan TimestampTolerance = TimeSpan.FromMinutes(15);

    private static readonly string[] TimestampFormats = ["yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'"];

    private readonly bool _allowAnonymous;
    private readonly FrozenDictionary<string, string> _secrets;
    private readonly NonceRegistry _nonces;
    private readonly UserRateLimiter _limiter;
    private readonly TimeProvider _clock;

    public RpcAuthenticationFilter(IOptions<SecurityOptions> options, NonceRegistry nonces, UserRateLimiter limiter, TimeProvider clock)
    {
        _allowAnonymous = options.Value.AllowAnonymous;
        _secrets = options.Value.AccessKeys.ToFrozenDictionary(k => k.AccessKeyId, k => k.AccessKeySecret, StringComparer.Ordinal);
        _nonces = nonces;
        _limiter = limiter;
        _clock = clock;
    }

    public ValueTask CheckAsync(RpcRequest request, CancellationToken cancellationToken)
    {
        var signed = request.Get(SignatureV1.SignatureParameter) is not null || request.Get("AccessKeyId") is not null;
        if (!signed && _allowAnonymous)
        {
            Admit(accessKeyId: null);
            return ValueTask.CompletedTask;
        }

        var (accessKeyId, nonce, timestamp) = Verify(request);
        Admit(accessKeyId);

        // Remembered until the request's timestamp leaves the window, so a replay is refused for as long as it could
        // otherwise pass — and at least the vendor's 15 minutes after it was first seen.
        var now = _clock.GetUtcNow();
        var until = (timestamp > now ? timestamp : now) + TimestampTolerance;
        return _nonces.TryUse(accessKeyId, nonce, until) switch
        {
            NonceUse.Accepted => ValueTask.CompletedTask,
            NonceUse.Replayed => throw RpcErrors.SignatureNonceUsed(),
            _ => throw RpcErrors.Throttled(),
        };
    }

    private (string AccessKeyId, string Nonce, DateTimeOffset Timestamp) Verify(RpcRequest request)
    {
        // A missing key id is reported like any other missing common parameter; a key id without a signature is the
        // vendor's IncompleteSignature. The remaining signing parameters are ordinary required parameters.
        var accessKeyId = request.Require("AccessKeyId");
        var signature = request.Get(SignatureV1.SignatureParameter) ?? throw RpcErrors.IncompleteSignature();
        var method = request.Require("SignatureMethod");
        var version = request.Require("SignatureVersion");
        var nonce = request.Require("SignatureNonce");
        var timestampText = request.Require("Timestamp");

        if (!string.Equals(method, SignatureV1.Method, StringComparison.OrdinalIgnoreCase))
        {
            throw RpcErrors.InvalidParameter("SignatureMethod", "It must be HMAC-SHA1.");
        }

        if (!string.Equals(version, SignatureV1.Version, StringComparison.Ordinal))
        {
            throw RpcErrors.InvalidParameter("SignatureVersion", "It must be 1.0.");
        }

        if (!DateTimeOffset.TryParseExact(timestampText, TimestampFormats, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var timestamp))
        {
            throw RpcErrors.TimestampFormat();
        }

        if ((_clock.GetUtcNow() - timestamp).Duration() > TimestampTolerance)
        {
            throw RpcErrors.TimestampExpired();
        }

        if (!_secrets.TryGetValue(accessKeyId, out var secret))
        {
            throw RpcErrors.AccessKeyNotFound();
        }

        var stringToSign = SignatureV1.StringToSign(request.Method, request.Parameters);
        if (!SignatureV1.Matches(SignatureV1.Sign(stringToSign, secret), signature))
        {
            throw RpcErrors.SignatureDoesNotMatch(stringToSign);
        }

        return (accessKeyId, nonce, timestamp);
    }

    private void Admit(string? accessKeyId)
    {
        if (!_limiter.TryAcquire(accessKeyId))
        {
            throw RpcErrors.UserThrottled();
        }
    }
}
