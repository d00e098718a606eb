using System.Globalization;
using VodSnapshot.Api.Security;

namespace VodSnapshot.Api.Features.Console;

/// <summary>
/// Signs a console call with signature v1 for the console's key, so the browser never holds the secret and the call
/// still goes through the RPC surface's own checks (signature, replay window, nonce, throttling) like any SDK call.
/// Pure: the nonce and the time come in.
/// </summary>
public static class ConsoleSigner
{
    /// <summary>The parameters the signer adds; a call that brings any of them is refused.</summary>
    public static readonly IReadOnlyList<string> SigningParameters =
        ["AccessKeyId", "SignatureMethod", "SignatureVersion", "SignatureNonce", "Timestamp", SignatureV1.SignatureParameter];

    public static List<KeyValuePair<string, string>> Sign(IReadOnlyList<KeyValuePair<string, string>> parameters, AccessKey key, string nonce, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(key);
        List<KeyValuePair<string, string>> signed =
        [
            .. parameters,
            new("AccessKeyId", key.AccessKeyId),
            new("SignatureMethod", SignatureV1.Method),
            new("SignatureVersion", SignatureV1.Version),
            new("SignatureNonce", nonce),
            new("Timestamp", now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)),
        ];
        signed.Add(new(SignatureV1.SignatureParameter, SignatureV1.Sign(SignatureV1.StringToSign("POST", signed), key.AccessKeySecret)));
        return signed;
    }
}
