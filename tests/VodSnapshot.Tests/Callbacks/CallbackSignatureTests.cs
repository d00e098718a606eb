using System.Text;
using VodSnapshot.Api.Features.Callbacks;

namespace VodSnapshot.Tests.Callbacks;

/// <summary>Expected values were computed outside .NET (md5sum, openssl dgst -hmac), not with the code under test.</summary>
[Trait("Category", "Unit")]
public class CallbackSignatureTests
{
    [Fact]
    public void The_vendor_signature_is_the_lower_case_md5_of_url_timestamp_and_key()
    {
        // The vendor's documented example: md5("https://www.example.com/your/callback|1519375990|test123").
        Assert.Equal("c72b60894140fa98920f1279219b7ed4", CallbackSignature.Vendor("https://www.example.com/your/callback", 1519375990, "test123"));
        Assert.Equal("3764f5a30a211f8edd7dd0d989811b84", CallbackSignature.Vendor("http://127.0.0.1:8080/cb?x=1", 1700000000, "Ab1"));
    }

    [Fact]
    public void The_body_signature_is_an_hmac_sha256_of_timestamp_dot_body()
    {
        var body = Encoding.UTF8.GetBytes("""{"EventType":"SnapshotComplete","EventId":"e1"}""");

        Assert.Equal("t=1519375990,v1=b3d3c28fdae7fb7c60fd460f9c1f9fd1a71a810a2e5ded583ab5fe9cf8a96c61", CallbackSignature.Body(body, 1519375990, "test123"));
        Assert.Equal("t=1700000000,v1=7ca5f73df7f2de38eececc78a244b9c9904904569adaac56d81220b877c2b36d", CallbackSignature.Body([], 1700000000, "Ab1"));
    }

    [Fact]
    public void A_changed_body_url_or_timestamp_changes_the_signature()
    {
        var body = Encoding.UTF8.GetBytes("{}");

        Assert.NotEqual(CallbackSignature.Body(body, 1, "k"), CallbackSignature.Body(Encoding.UTF8.GetBytes("{ }"), 1, "k"));
        Assert.NotEqual(CallbackSignature.Body(body, 1, "k"), CallbackSignature.Body(body, 2, "k"));
        Assert.NotEqual(CallbackSignature.Vendor("http://a/x", 1, "k"), CallbackSignature.Vendor("http://a/y", 1, "k"));
    }
}
