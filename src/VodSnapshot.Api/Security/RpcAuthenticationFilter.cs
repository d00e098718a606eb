using System.Collections.Frozen;
using Microsoft.Extensions.Options;
using VodSnapshot.Api.Rpc;

namespace VodSnapshot.Api.Security;

/// <summary>
/// Authenticates every RPC call, with signature V3 when it carries an <c>Authorization</c> header and with signature
/// v1 when it carries <c>Signature</c> or <c>AccessKeyId</c>, and then applies the per-caller rate limit.
/// <para>
/// A signed call is always verified in full, so adding a wrong signature never falls back to anonymous. Checks run
/// cheapest and least revealing first (required parts, method and version, time, key, signature); then throttling;
/// the nonce is recorded last, in one table for both versions, only for calls that are authentic and admitted, so
/// nobody can fill the nonce table or burn another caller's nonces.
/// </para>
/// </summary>
public sealed class RpcAuthenticationFilter : IRpcRequestFilter
{
    private readonly bool _allowAnonymous;
    private readonly FrozenDictionary<string, string> _secrets;
    private readonly INonceStore _nonces;
    private readonly UserRateLimiter _limiter;
    private readonly TimeProvider _clock;

    public RpcAuthenticationFilter(IOptions<SecurityOptions> options, INonceStore nonces, UserRateLimiter limiter, TimeProvider clock)
    {
        _allowAnonymous = options.Value.AllowAnonymous;
        _secrets = options.Value.AccessKeys.ToFrozenDictionary(k => k.AccessKeyId, k => k.AccessKeySecret, StringComparer.Ordinal);
        _nonces = nonces;
        _limiter = limiter;
        _clock = clock;
    }

    public async ValueTask CheckAsync(RpcRequest request, CancellationToken cancellationToken)
    {
        var signing = request.Signing;
        if (signing == RpcSigning.None && _allowAnonymous)
        {
            Admit(accessKeyId: null);
            return;
        }

        var now = _clock.GetUtcNow();
        var caller = signing == RpcSigning.V3 ? SignatureV3Verifier.Verify(request, SecretOf, now) : VerifyV1(request, now);
        Admit(caller.AccessKeyId);

        switch (await _nonces.TryUseAsync(caller.AccessKeyId, caller.Nonce, SignedTimestamps.NonceExpiry(caller.Timestamp, now), cancellationToken))
        {
            case NonceUse.Accepted:
                return;
            case NonceUse.Replayed:
                throw RpcErrors.SignatureNonceUsed();
            default:
                throw RpcErrors.Throttled();
        }
    }

    private string? SecretOf(string accessKeyId) => _secrets.TryGetValue(accessKeyId, out var secret) ? secret : null;

    private SignedCaller VerifyV1(RpcRequest request, DateTimeOffset now)
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

        var timestamp = SignedTimestamps.Parse(timestampText, now);
        var secret = SecretOf(accessKeyId) ?? throw RpcErrors.AccessKeyNotFound();

        var stringToSign = SignatureV1.StringToSign(request.Method, request.Parameters);
        if (!SignatureV1.Matches(SignatureV1.Sign(stringToSign, secret), signature))
        {
            throw RpcErrors.SignatureDoesNotMatch(stringToSign);
        }

        return new SignedCaller(accessKeyId, nonce, timestamp);
    }

    private void Admit(string? accessKeyId)
    {
        if (!_limiter.TryAcquire(accessKeyId))
        {
            throw RpcErrors.UserThrottled();
        }
    }
}
