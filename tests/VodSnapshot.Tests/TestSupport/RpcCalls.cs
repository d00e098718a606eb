using System.Text.Json;
using VodSnapshot.Api.Rpc;
using VodSnapshot.Api.Security;

namespace VodSnapshot.Tests.TestSupport;

/// <summary>
/// RPC calls as the vendor's SDKs build them: the common parameters (Action, Version, Format), optionally signed with
/// signature v1. The one place that knows the API version and the test access key.
/// </summary>
public static class RpcCalls
{
    public const string Version = "2017-03-21";

    public const string KeyId = "testAccessKeyId";

    public const string Secret = "testAccessKeySecret";

    /// <summary>A well-formed id that no video has.</summary>
    public const string UnknownVideoId = "0123456789abcdef0123456789abcdef";

    /// <summary>Action, Version and (unless null) Format, then the action's own parameters, in that order.</summary>
    public static List<KeyValuePair<string, string>> Call(string action, IEnumerable<KeyValuePair<string, string>>? parameters = null, string? format = "JSON")
    {
        var all = new List<KeyValuePair<string, string>> { new("Action", action), new("Version", Version) };
        if (format is not null)
        {
            all.Add(new("Format", format));
        }

        all.AddRange(parameters ?? []);
        return all;
    }

    /// <summary>An unsigned call answering in JSON.</summary>
    public static List<KeyValuePair<string, string>> UnsignedCall(string action, IEnumerable<KeyValuePair<string, string>>? parameters = null) =>
        Call(action, parameters);

    /// <summary>The parameters an SDK sends for <paramref name="method"/>, signed with <paramref name="secret"/> at <paramref name="timestamp"/>.</summary>
    public static List<KeyValuePair<string, string>> SignedCall(string method, string action, IEnumerable<KeyValuePair<string, string>>? parameters, DateTimeOffset timestamp,
        string keyId = KeyId, string secret = Secret, string? nonce = null)
    {
        var all = Call(action);
        all.AddRange(
        [
            new("AccessKeyId", keyId),
            new("SignatureMethod", "HMAC-SHA1"),
            new("SignatureVersion", "1.0"),
            new("SignatureNonce", nonce ?? Guid.NewGuid().ToString("N")),
            new("Timestamp", VendorTime.Format(timestamp)),
        ]);
        all.AddRange(parameters ?? []);
        return WithSignature(method, all, secret);
    }

    /// <summary>The parameters with their signature (re)computed.</summary>
    public static List<KeyValuePair<string, string>> WithSignature(string method, IEnumerable<KeyValuePair<string, string>> parameters, string secret = Secret)
    {
        var list = parameters.Where(p => p.Key != "Signature").ToList();
        list.Add(new("Signature", SignatureV1.Sign(SignatureV1.StringToSign(method, list), secret)));
        return list;
    }

    public static KeyValuePair<string, string>[] P(params (string Name, string Value)[] pairs) =>
        [.. pairs.Select(p => new KeyValuePair<string, string>(p.Name, p.Value))];

    /// <summary>The parameters as a query string, without the leading '?'.</summary>
    public static string Query(IEnumerable<KeyValuePair<string, string>> parameters) =>
        string.Join('&', parameters.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value)));

    /// <summary>The RPC route with the parameters in its query string.</summary>
    public static string RequestPath(IEnumerable<KeyValuePair<string, string>> parameters) => "/?" + Query(parameters);

    public static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
