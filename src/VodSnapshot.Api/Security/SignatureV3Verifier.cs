using VodSnapshot.Api.Rpc;

namespace VodSnapshot.Api.Security;

/// <summary>Who signed an authentic call, with the nonce and time that its replay protection needs.</summary>
public readonly record struct SignedCaller(string AccessKeyId, string Nonce, DateTimeOffset Timestamp);

/// <summary>
/// Verifies a call that carries an <c>Authorization</c> header as signature V3 (<c>ACS3-HMAC-SHA256</c>). Checks run
/// cheapest and least revealing first: the header's form and algorithm, the required <c>x-acs-*</c> headers, what
/// SignedHeaders must cover, the date, the key, the body's hash, the signature.
/// </summary>
public static class SignatureV3Verifier
{
    private const string Form = "The Authorization header must be \"ACS3-HMAC-SHA256 Credential=<AccessKeyId>,SignedHeaders=<names>,Signature=<hex>\".";

    public static SignedCaller Verify(RpcRequest request, Func<string, string?> secretOf, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(secretOf);
        var header = request.Header(SignatureV3.AuthorizationHeader) ?? throw RpcErrors.IncompleteSignature(Form);
        var algorithm = header.Split(' ', 2)[0];
        if (!string.Equals(algorithm, SignatureV3.Algorithm, StringComparison.Ordinal))
        {
            throw SignatureV3.OtherClientAlgorithms.Contains(algorithm, StringComparer.OrdinalIgnoreCase)
                ? RpcErrors.InvalidParameter(SignatureV3.AuthorizationHeader,
                    $"The signature algorithm {algorithm} is not supported; sign with {SignatureV3.Algorithm} (the SDKs' default signatureAlgorithm).")
                : RpcErrors.IncompleteSignature(Form);
        }

        var authorization = V3Authorization.Parse(header) ?? throw RpcErrors.IncompleteSignature(Form);
        var dateText = request.Header(SignatureV3.DateHeader) ?? throw RpcErrors.MissingParameter(SignatureV3.DateHeader);
        var nonce = request.Header(SignatureV3.NonceHeader) ?? throw RpcErrors.MissingParameter(SignatureV3.NonceHeader);
        var contentSha256 = request.Header(SignatureV3.ContentSha256Header) ?? throw RpcErrors.MissingParameter(SignatureV3.ContentSha256Header);
        CheckCoverage(request.Wire, authorization.SignedHeaders);

        var date = SignedTimestamps.Parse(dateText, now);
        var secret = secretOf(authorization.AccessKeyId) ?? throw RpcErrors.AccessKeyNotFound();

        var computed = SignatureV3.HexSha256(request.Wire.Body.Span);
        if (!SignatureV3.Matches(computed, contentSha256))
        {
            throw RpcErrors.ContentHashDoesNotMatch(contentSha256, computed);
        }

        var canonicalRequest = SignatureV3.CanonicalRequest(
            request.Method,
            request.Wire.Path,
            SignatureV3.CanonicalQueryString(request.Wire.Query),
            SignatureV3.CanonicalHeaders(authorization.SignedHeaders, request.Wire.HeaderValues),
            authorization.SignedHeaders,
            contentSha256);
        var stringToSign = SignatureV3.StringToSign(canonicalRequest);
        if (!SignatureV3.Matches(SignatureV3.Sign(stringToSign, secret), authorization.Signature))
        {
            throw RpcErrors.SignatureDoesNotMatch(stringToSign, canonicalRequest);
        }

        return new SignedCaller(authorization.AccessKeyId, nonce, date);
    }

    /// <summary>
    /// SignedHeaders must name <c>host</c>, <c>content-type</c> when sent, and every <c>x-acs-*</c> header sent, so no
    /// header that changes the call's meaning (its action, version, date, nonce, body hash) goes unsigned; and it may
    /// name only headers that were sent.
    /// </summary>
    private static void CheckCoverage(RpcWire wire, IReadOnlyList<string> signedHeaders)
    {
        var sent = wire.Headers.Keys.Select(k => k.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
        var required = sent.Where(n => n.StartsWith("x-acs-", StringComparison.Ordinal) || n == "content-type").Append("host")
            .Order(StringComparer.Ordinal);
        foreach (var name in required)
        {
            if (!signedHeaders.Contains(name, StringComparer.Ordinal))
            {
                throw RpcErrors.IncompleteSignature($"SignedHeaders must include {name}.");
            }
        }

        foreach (var name in signedHeaders)
        {
            if (!sent.Contains(name))
            {
                throw RpcErrors.IncompleteSignature($"SignedHeaders names {name}, which the request does not carry.");
            }
        }
    }
}
