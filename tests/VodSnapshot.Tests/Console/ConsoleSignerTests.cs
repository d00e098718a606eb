using VodSnapshot.Api.Features.Console;
using VodSnapshot.Api.Security;

namespace VodSnapshot.Tests.Console;

[Trait("Category", "Unit")]
public class ConsoleSignerTests
{
    private static readonly AccessKey Key = new() { AccessKeyId = "LTAIConsoleKey", AccessKeySecret = "ConsoleSecret2026" };

    [Fact]
    public void A_signed_call_keeps_its_parameters_and_adds_a_v1_signature_over_all_of_them()
    {
        List<KeyValuePair<string, string>> call = [new("Action", "GetVideoInfo"), new("VideoId", "é 中 & = +"), new("Format", "JSON")];
        var now = new DateTimeOffset(2026, 12, 2, 1, 2, 3, 456, TimeSpan.Zero);

        var signed = ConsoleSigner.Sign(call, Key, "nonce-1", now);

        Assert.Equal(call, signed.Take(3));
        var added = signed.Skip(3).ToDictionary(p => p.Key, p => p.Value);
        Assert.Equal(("LTAIConsoleKey", "HMAC-SHA1", "1.0", "nonce-1", "2026-12-02T01:02:03Z"),
            (added["AccessKeyId"], added["SignatureMethod"], added["SignatureVersion"], added["SignatureNonce"], added["Timestamp"]));
        var expected = SignatureV1.Sign(SignatureV1.StringToSign("POST", signed), Key.AccessKeySecret);
        Assert.Equal(expected, added["Signature"]);
        Assert.Equal(ConsoleSigner.SigningParameters.Order(StringComparer.Ordinal), added.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_different_parameter_gives_a_different_signature()
    {
        var now = DateTimeOffset.UnixEpoch;
        string SignatureOf(string value) => ConsoleSigner.Sign([new("Action", "GetVideoInfo"), new("VideoId", value)], Key, "n", now)[^1].Value;

        Assert.NotEqual(SignatureOf("a"), SignatureOf("b"));
    }
}
