using System.Text;
using VodSnapshot.Api.Security;

namespace VodSnapshot.Tests.Security;

/// <summary>
/// The pure V3 canonicalisation against vectors computed independently: the canonical requests below were written
/// out by hand, and their hashes and signatures computed with openssl (<c>openssl dgst -sha256</c> and
/// <c>openssl dgst -sha256 -hmac testAccessKeySecret</c> over the exact bytes, no trailing newline).
/// </summary>
public class SignatureV3Tests
{
    private const string EmptyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private const string Secret = "testAccessKeySecret";

    private static readonly string[] GetSignedHeaders = ["host", "x-acs-action", "x-acs-content-sha256", "x-acs-date", "x-acs-signature-nonce", "x-acs-version"];

    private static Func<string, IReadOnlyList<string>> Headers(params (string Name, string Value)[] headers) =>
        name => [.. headers.Where(h => h.Name == name).Select(h => h.Value)];

    [Fact]
    public void A_get_with_repeated_keys_empty_values_and_awkward_characters_matches_the_openssl_vector()
    {
        KeyValuePair<string, string>[] query = [new("b", "2"), new("a", "x y*z~"), new("a", ""), new("ä", "中"), new("Empty", "")];
        var headers = Headers(
            ("host", "127.0.0.1:5080"),
            ("x-acs-action", "  GetVideoInfo "),
            ("x-acs-content-sha256", EmptyHash),
            ("x-acs-date", "2026-12-01T20:02:06Z"),
            ("x-acs-signature-nonce", "d6aa2aacf0b2777aea925b4e2f3b8dfd"),
            ("x-acs-version", "2017-03-21"));

        var canonicalQuery = SignatureV3.CanonicalQueryString(query);
        var canonical = SignatureV3.CanonicalRequest("GET", "/", canonicalQuery, SignatureV3.CanonicalHeaders(GetSignedHeaders, headers), GetSignedHeaders, EmptyHash);
        var stringToSign = SignatureV3.StringToSign(canonical);

        Assert.Equal("%C3%A4=%E4%B8%AD&Empty=&a=x%20y%2Az~&a=&b=2", canonicalQuery);
        Assert.Equal(
            "GET\n/\n%C3%A4=%E4%B8%AD&Empty=&a=x%20y%2Az~&a=&b=2\n" +
            "host:127.0.0.1:5080\nx-acs-action:GetVideoInfo\nx-acs-content-sha256:" + EmptyHash + "\nx-acs-date:2026-12-01T20:02:06Z\n" +
            "x-acs-signature-nonce:d6aa2aacf0b2777aea925b4e2f3b8dfd\nx-acs-version:2017-03-21\n\n" +
            "host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version\n" + EmptyHash,
            canonical);
        Assert.Equal("ACS3-HMAC-SHA256\na2153bf879338cef1d60fb2f1d63315f164e46a5fd497a57a8eae3119316a1b4", stringToSign);
        Assert.Equal("ec3d4f7a2a794e396378202b05605403ed96448ce83cb5f1b8bdb3300c051bb5", SignatureV3.Sign(stringToSign, Secret));
    }

    [Fact]
    public void A_post_form_body_is_covered_by_its_hash_and_matches_the_openssl_vector()
    {
        var body = Encoding.UTF8.GetBytes("VideoId=0123456789abcdef0123456789abcdef&Title=a+b%26c");
        var bodyHash = SignatureV3.HexSha256(body);
        string[] signed = ["content-type", .. GetSignedHeaders];
        var headers = Headers(
            ("content-type", "application/x-www-form-urlencoded"),
            ("host", "127.0.0.1:5080"),
            ("x-acs-action", "GetVideoInfo"),
            ("x-acs-content-sha256", bodyHash),
            ("x-acs-date", "2026-12-01T20:02:06Z"),
            ("x-acs-signature-nonce", "0f1e2d3c4b5a69788796a5b4c3d2e1f0"),
            ("x-acs-version", "2017-03-21"));

        var canonical = SignatureV3.CanonicalRequest("POST", "/", SignatureV3.CanonicalQueryString([new("Count", "3")]),
            SignatureV3.CanonicalHeaders(signed, headers), signed, bodyHash);
        var stringToSign = SignatureV3.StringToSign(canonical);

        Assert.Equal("000be406a92a2304ddeb2fef58f825a02ec639f194cf7f26e7169354baff5e28", bodyHash);
        Assert.Equal("ACS3-HMAC-SHA256\n65813112c899df51958669e0b3ed3a776075388ef9549e87b657d3730bec74ca", stringToSign);
        Assert.Equal("5022c8e3f3a5e35b7f97fd390ad360451c0b0cda4875f5937539e68e37fe7fd9", SignatureV3.Sign(stringToSign, Secret));
    }

    [Fact]
    public void A_header_sent_twice_signs_its_trimmed_values_sorted_and_joined_with_commas()
    {
        Assert.Equal("x-acs-meta:a,b\n", SignatureV3.CanonicalHeaders(["x-acs-meta"], Headers(("x-acs-meta", " b"), ("x-acs-meta", "a "))));
    }

    [Fact]
    public void The_authorization_header_is_split_into_its_parts_with_signed_headers_lower_cased_and_sorted()
    {
        var parsed = V3Authorization.Parse("ACS3-HMAC-SHA256 Credential=LTAIkey,SignedHeaders=x-acs-date;Host;x-acs-action,Signature=abc123");

        Assert.NotNull(parsed);
        Assert.Equal(("ACS3-HMAC-SHA256", "LTAIkey", "abc123"), (parsed.Algorithm, parsed.AccessKeyId, parsed.Signature));
        Assert.Equal(["host", "x-acs-action", "x-acs-date"], parsed.SignedHeaders);
    }

    [Theory]
    [InlineData("ACS3-HMAC-SHA256")]
    [InlineData("ACS3-HMAC-SHA256 Credential=k,Signature=s")]
    [InlineData("ACS3-HMAC-SHA256 Credential=k,SignedHeaders=host")]
    [InlineData("ACS3-HMAC-SHA256 Credential=,SignedHeaders=host,Signature=s")]
    [InlineData("ACS3-HMAC-SHA256 Credential=k,Credential=j,SignedHeaders=host,Signature=s")]
    [InlineData("ACS3-HMAC-SHA256 Credential=k,SignedHeaders=host,Signature")]
    public void An_incomplete_authorization_header_does_not_parse(string header)
    {
        Assert.Null(V3Authorization.Parse(header));
    }

    [Fact]
    public void Hex_signatures_compare_in_either_case()
    {
        Assert.True(SignatureV3.Matches("ab12", "AB12"));
        Assert.False(SignatureV3.Matches("ab12", "ab13"));
        Assert.False(SignatureV3.Matches("ab12", "ab1"));
    }
}
