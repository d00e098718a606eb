using VodSnapshot.Api.Features.Oss;

namespace VodSnapshot.Tests.Oss;

/// <summary>The OSS V1 header signature against the vendor's documented example and the requests ali-oss builds.</summary>
public class OssSignatureV1Tests
{
    private static KeyValuePair<string, string> H(string name, string value) => new(name, value);

    [Fact]
    public void The_documented_example_signs_to_the_documented_signature()
    {
        var stringToSign = OssSignatureV1.StringToSign(
            "PUT", "ODBGOERFMDMzQTczRUY3NUE3NzA5QzdFNUYzMDQxNEM=", "text/html", "Thu, 17 Nov 2005 18:49:58 GMT",
            [H("X-OSS-Meta-Author", "foo@bar.com"), H("X-OSS-Magic", "abracadabra"), H("Host", "oss-example.oss-cn-hangzhou.aliyuncs.com")],
            "oss-example", "nelson", []);

        Assert.Equal("PUT\nODBGOERFMDMzQTczRUY3NUE3NzA5QzdFNUYzMDQxNEM=\ntext/html\nThu, 17 Nov 2005 18:49:58 GMT\nx-oss-magic:abracadabra\nx-oss-meta-author:foo@bar.com\n/oss-example/nelson", stringToSign);
        Assert.Equal("26NBxoKdsyly4EDv6inkoDft/yA=", OssSignatureV1.Sign("OtxrzxIsfpFjA7SwPzILwy8Bw21TLhquhboDYROV", stringToSign));
    }

    [Fact]
    public void Sub_resources_are_sorted_and_written_without_empty_values_and_other_query_parameters_are_not_signed()
    {
        var initiate = OssSignatureV1.StringToSign("POST", null, "video/mp4", "d", [], "b", "sv/k.mp4", [H("uploads", "")]);
        var part = OssSignatureV1.StringToSign("PUT", null, null, "d", [], "b", "sv/k.mp4", [H("uploadId", "ID"), H("partNumber", "3"), H("foo", "bar")]);

        Assert.EndsWith("/b/sv/k.mp4?uploads", initiate, StringComparison.Ordinal);
        Assert.Equal("PUT\n\n\nd\n/b/sv/k.mp4?partNumber=3&uploadId=ID", part);
    }

    [Fact]
    public void The_security_token_and_date_headers_of_ali_oss_are_signed_with_trimmed_values()
    {
        var signed = OssSignatureV1.StringToSign("PUT", null, "video/mp4", "Tue, 01 Dec 2026 10:00:00 GMT",
            [H("x-oss-security-token", " CAIStoken "), H("x-oss-date", "Tue, 01 Dec 2026 10:00:00 GMT"), H("User-Agent", "aliyun-sdk-nodejs")],
            "b", "sv/a b+c.mp4", []);

        Assert.Equal("PUT\n\nvideo/mp4\nTue, 01 Dec 2026 10:00:00 GMT\nx-oss-date:Tue, 01 Dec 2026 10:00:00 GMT\nx-oss-security-token:CAIStoken\n/b/sv/a b+c.mp4", signed);
    }

    [Theory]
    [InlineData("OSS STS.abc:c2lnbmF0dXJl", "STS.abc", "c2lnbmF0dXJl")]
    [InlineData("OSS STS.abc:", null, null)]
    [InlineData("OSS :sig", null, null)]
    [InlineData("Bearer x", null, null)]
    [InlineData("OSS nocolon", null, null)]
    public void The_authorization_header_is_split_into_key_and_signature(string header, string? keyId, string? signature)
    {
        var parsed = OssSignatureV1.ParseAuthorization(header);

        Assert.Equal(keyId, parsed?.AccessKeyId);
        Assert.Equal(signature, parsed?.Signature);
    }

    [Theory]
    [InlineData("outin-0123.oss-cn-hangzhou.aliyuncs.com", "outin-0123")]
    [InlineData("mybucket.oss-cn-shanghai.aliyuncs.com", "mybucket")]
    [InlineData("outin-5e6f.localhost", "outin-5e6f")]
    [InlineData("127.0.0.1", null)]
    [InlineData("localhost", null)]
    [InlineData("vod.example.com", null)]
    public void A_virtual_hosted_host_names_its_bucket(string host, string? bucket) =>
        Assert.Equal(bucket, OssAddressing.HostBucket(host));
}
