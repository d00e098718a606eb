using VodSnapshot.Api.Security;

namespace VodSnapshot.Tests.Security;

[Trait("Category", "Unit")]
public class SignatureV1Tests
{
    private static KeyValuePair<string, string>[] Pairs(params (string Name, string Value)[] pairs) =>
        [.. pairs.Select(p => new KeyValuePair<string, string>(p.Name, p.Value))];

    // The vendor's documented example (spec §7.2).
    private static readonly KeyValuePair<string, string>[] VectorParameters = Pairs(
        ("AccessKeyId", "testAccessKeyId"),
        ("Action", "GetVideoPlayAuth"),
        ("Format", "JSON"),
        ("SignatureMethod", "HMAC-SHA1"),
        ("SignatureNonce", "8f8a035d-6496-4268-afd4-67c22837e38d"),
        ("SignatureVersion", "1.0"),
        ("Timestamp", "2017-10-10T12:02:54Z"),
        ("Version", "2017-03-21"),
        ("VideoId", "5aed81b74ba84920be578cdfe004af4b"));

    private const string VectorStringToSign =
        "GET&%2F&AccessKeyId%3DtestAccessKeyId%26Action%3DGetVideoPlayAuth%26Format%3DJSON%26SignatureMethod%3DHMAC-SHA1"
        + "%26SignatureNonce%3D8f8a035d-6496-4268-afd4-67c22837e38d%26SignatureVersion%3D1.0%26Timestamp%3D2017-10-10T12%253A02%253A54Z"
        + "%26Version%3D2017-03-21%26VideoId%3D5aed81b74ba84920be578cdfe004af4b";

    [Fact]
    public void The_documented_test_vector_gives_the_documented_string_to_sign_and_signature()
    {
        var stringToSign = SignatureV1.StringToSign("GET", VectorParameters);

        Assert.Equal(VectorStringToSign, stringToSign);
        Assert.Equal("Ibgh7y8Vp47LBuAsf5Xhi1SvDss=", SignatureV1.Sign(stringToSign, "testAccessKeySecret"));
    }

    [Fact]
    public void Arrival_order_and_the_signature_itself_do_not_change_the_string_to_sign()
    {
        var shuffled = VectorParameters.Reverse().Append(new("Signature", "anything")).ToArray();

        Assert.Equal(VectorStringToSign, SignatureV1.StringToSign("get", shuffled));
    }

    [Theory]
    [InlineData("a b", "a%20b")]
    [InlineData("a+b", "a%2Bb")]
    [InlineData("*", "%2A")]
    [InlineData("~-_.", "~-_.")]
    [InlineData("!'()", "%21%27%28%29")]
    [InlineData("/:?&=", "%2F%3A%3F%26%3D")]
    [InlineData("%", "%25")]
    [InlineData("é", "%C3%A9")]
    [InlineData("快照", "%E5%BF%AB%E7%85%A7")]
    [InlineData("😀", "%F0%9F%98%80")]
    [InlineData("AZaz09", "AZaz09")]
    public void Percent_encoding_is_rfc3986_with_upper_case_hex(string value, string expected) =>
        Assert.Equal(expected, SignatureV1.PercentEncode(value));

    [Fact]
    public void Names_sort_by_encoded_bytes_not_by_culture_or_number()
    {
        var canonical = SignatureV1.CanonicalizedQueryString(Pairs(("b", "1"), ("Key.10", "x"), ("a", "2"), ("Key.2", "y"), ("B", "3"), ("a b", "4")));

        Assert.Equal("B=3&Key.10=x&Key.2=y&a=2&a%20b=4&b=1", canonical);
    }

    [Fact]
    public void Repeated_names_are_all_signed_in_arrival_order()
    {
        var canonical = SignatureV1.CanonicalizedQueryString(Pairs(("Count", "2"), ("A", "x"), ("Count", "1")));

        Assert.Equal("A=x&Count=2&Count=1", canonical);
    }

    [Fact]
    public void Empty_values_are_signed_as_empty()
    {
        Assert.Equal("A=&B=1", SignatureV1.CanonicalizedQueryString(Pairs(("B", "1"), ("A", ""))));
    }

    [Fact]
    public void The_http_method_is_part_of_what_is_signed()
    {
        var get = SignatureV1.Sign(SignatureV1.StringToSign("GET", VectorParameters), "testAccessKeySecret");
        var post = SignatureV1.Sign(SignatureV1.StringToSign("POST", VectorParameters), "testAccessKeySecret");

        Assert.NotEqual(get, post);
        Assert.StartsWith("POST&%2F&", SignatureV1.StringToSign("POST", VectorParameters), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Ibgh7y8Vp47LBuAsf5Xhi1SvDss=", true)]
    [InlineData("Ibgh7y8Vp47LBuAsf5Xhi1SvDsS=", false)]
    [InlineData("Ibgh7y8Vp47LBuAsf5Xhi1SvDss", false)]
    [InlineData("", false)]
    public void Signatures_match_only_when_identical(string provided, bool expected) =>
        Assert.Equal(expected, SignatureV1.Matches("Ibgh7y8Vp47LBuAsf5Xhi1SvDss=", provided));
}
