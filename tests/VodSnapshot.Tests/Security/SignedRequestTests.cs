using System.Net;
using VodSnapshot.Tests.TestSupport;
using static VodSnapshot.Tests.TestSupport.RpcCalls;

namespace VodSnapshot.Tests.Security;

/// <summary>
/// Signature v1 through the whole pipeline. GetVideoInfo on an unknown id answers InvalidVideo.NotFound only once the
/// call got past authentication, so that code is the proof a signature was accepted.
/// </summary>
public class SignedRequestTests : IClassFixture<SignedRequestTests.Host>
{
    public sealed class Host() : TestHost(b => b.ForSignedCalls().Set("Security:AllowAnonymous", "false"));

    private static readonly KeyValuePair<string, string>[] Video = P(("VideoId", UnknownVideoId));

    private readonly Host _host;

    public SignedRequestTests(Host host) => _host = host;

    private static void AssertCode(string code, (HttpStatusCode Status, System.Text.Json.JsonElement Body) answer, HttpStatusCode status)
    {
        Assert.Equal(code, answer.Body.GetProperty("Code").GetString());
        Assert.Equal(status, answer.Status);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_correctly_signed_get_is_served()
    {
        AssertCode("InvalidVideo.NotFound", await _host.GetAsync(_host.SignedCall("GET", "GetVideoInfo", Video)), HttpStatusCode.NotFound);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_correctly_signed_form_post_is_served()
    {
        AssertCode("InvalidVideo.NotFound", await _host.PostAsync(_host.SignedCall("POST", "GetVideoInfo", Video)), HttpStatusCode.NotFound);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_post_signed_over_query_and_form_together_is_served()
    {
        var all = _host.SignedCall("POST", "GetVideoInfo", Video);
        var common = all.Where(p => p.Key is "Action" or "Version" or "Format" or "Signature");

        AssertCode("InvalidVideo.NotFound", await _host.PostAsync(all.Except(common), Query(common)), HttpStatusCode.NotFound);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_get_signature_does_not_verify_a_post()
    {
        var answer = await _host.PostAsync(_host.SignedCall("GET", "GetVideoInfo", Video));

        AssertCode("SignatureDoesNotMatch", answer, HttpStatusCode.BadRequest);
        Assert.Contains("server string to sign is:POST&%2F&", answer.Body.GetProperty("Message").GetString(), StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task Signatures_are_checked_over_decoded_values_whatever_escaping_the_client_used()
    {
        var signed = _host.SignedCall("GET", "GetVideoInfo", P(("VideoId", UnknownVideoId), ("Note", "a b*c~")));
        // '+' for space, lower-case hex and an escaped '~' are all legal on the wire and decode to the same values.
        var raw = string.Join('&', signed.Select(p => p.Key + "=" + (p.Key == "Note" ? "a+b%2ac%7E" : Uri.EscapeDataString(p.Value))));

        using var client = _host.CreateClient();
        using var response = await client.GetAsync("/?" + raw, TestContext.Current.CancellationToken);

        AssertCode("InvalidVideo.NotFound", (response.StatusCode, await ReadAsync(response)), HttpStatusCode.NotFound);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_wrong_secret_answers_the_server_string_to_sign()
    {
        var parameters = _host.SignedCall("GET", "GetVideoInfo", Video, secret: "not-the-secret");
        var answer = await _host.GetAsync(parameters);

        AssertCode("SignatureDoesNotMatch", answer, HttpStatusCode.BadRequest);
        Assert.Equal(
            "Specified signature is not matched with our calculation. server string to sign is:" + VodSnapshot.Api.Security.SignatureV1.StringToSign("GET", parameters),
            answer.Body.GetProperty("Message").GetString());
    }

    [Fact(Timeout = 60_000)]
    public async Task A_parameter_changed_after_signing_is_refused()
    {
        var parameters = _host.SignedCall("GET", "GetVideoInfo", Video)
            .Select(p => p.Key == "VideoId" ? new KeyValuePair<string, string>("VideoId", "fedcba9876543210fedcba9876543210") : p);

        AssertCode("SignatureDoesNotMatch", await _host.GetAsync(parameters), HttpStatusCode.BadRequest);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_parameter_added_after_signing_is_refused()
    {
        var parameters = _host.SignedCall("GET", "GetVideoInfo", Video).Append(new("VideoId", "fedcba9876543210fedcba9876543210"));

        AssertCode("SignatureDoesNotMatch", await _host.GetAsync(parameters), HttpStatusCode.BadRequest);
    }

    [Fact(Timeout = 60_000)]
    public async Task An_unknown_key_is_not_found()
    {
        var answer = await _host.GetAsync(_host.SignedCall("GET", "GetVideoInfo", Video, keyId: "nobody"));

        AssertCode("InvalidAccessKeyId.NotFound", answer, HttpStatusCode.NotFound);
        Assert.Equal("Specified access key is not found.", answer.Body.GetProperty("Message").GetString());
    }

    [Fact(Timeout = 60_000)]
    public async Task Key_ids_are_case_sensitive()
    {
        AssertCode("InvalidAccessKeyId.NotFound", await _host.GetAsync(_host.SignedCall("GET", "GetVideoInfo", Video, keyId: KeyId.ToUpperInvariant())), HttpStatusCode.NotFound);
    }

    [Theory(Timeout = 60_000)]
    [InlineData("AccessKeyId", "MissingParameter")]
    [InlineData("Signature", "IncompleteSignature")]
    [InlineData("SignatureMethod", "MissingParameter")]
    [InlineData("SignatureVersion", "MissingParameter")]
    [InlineData("SignatureNonce", "MissingParameter")]
    [InlineData("Timestamp", "MissingParameter")]
    public async Task A_missing_signing_part_is_named(string part, string code)
    {
        var parameters = _host.SignedCall("GET", "GetVideoInfo", Video).Where(p => p.Key != part);
        var answer = await _host.GetAsync(part == "Signature" ? parameters : WithSignature("GET", parameters));

        AssertCode(code, answer, HttpStatusCode.BadRequest);
        if (code == "MissingParameter")
        {
            Assert.Contains($"\"{part}\"", answer.Body.GetProperty("Message").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task An_unsigned_call_is_refused_when_anonymous_calls_are_off()
    {
        var answer = await _host.GetAsync(UnsignedCall("GetVideoInfo", Video));

        AssertCode("MissingParameter", answer, HttpStatusCode.BadRequest);
        Assert.Contains("\"AccessKeyId\"", answer.Body.GetProperty("Message").GetString(), StringComparison.Ordinal);
    }

    [Theory(Timeout = 60_000)]
    [InlineData("SignatureMethod", "hmac-sha1", "InvalidVideo.NotFound")]
    [InlineData("SignatureMethod", "Hmac-SHA1", "InvalidVideo.NotFound")]
    [InlineData("SignatureMethod", "HMAC-SHA256", "InvalidParameter")]
    [InlineData("SignatureVersion", "2.0", "InvalidParameter")]
    [InlineData("SignatureVersion", "1", "InvalidParameter")]
    public async Task Only_hmac_sha1_version_1_0_is_accepted(string name, string value, string code)
    {
        var parameters = _host.SignedCall("GET", "GetVideoInfo", Video).Select(p => p.Key == name ? new KeyValuePair<string, string>(name, value) : p);

        var answer = await _host.GetAsync(WithSignature("GET", parameters));

        Assert.Equal(code, answer.Body.GetProperty("Code").GetString());
    }

    [Theory(Timeout = 60_000)]
    [InlineData(-15 * 60, "InvalidVideo.NotFound")]
    [InlineData(15 * 60, "InvalidVideo.NotFound")]
    [InlineData(-15 * 60 - 1, "InvalidTimeStamp.Expired")]
    [InlineData(15 * 60 + 1, "InvalidTimeStamp.Expired")]
    [InlineData(-86400, "InvalidTimeStamp.Expired")]
    public async Task Timestamps_may_be_15_minutes_off_either_way(int offsetSeconds, string code)
    {
        var timestamp = _host.Clock.GetUtcNow().AddSeconds(offsetSeconds);

        var answer = await _host.GetAsync(_host.SignedCall("GET", "GetVideoInfo", Video, timestamp: timestamp));

        Assert.Equal(code, answer.Body.GetProperty("Code").GetString());
    }

    [Theory(Timeout = 60_000)]
    [InlineData("2026-03-02T08:30:00.123Z", "InvalidVideo.NotFound")]
    [InlineData("2026-03-02 08:30:00Z", "InvalidTimeStamp.Format")]
    [InlineData("2026-03-02T08:30:00", "InvalidTimeStamp.Format")]
    [InlineData("2026-03-02T16:30:00+08:00", "InvalidTimeStamp.Format")]
    [InlineData("1772440200", "InvalidTimeStamp.Format")]
    [InlineData("yesterday", "InvalidTimeStamp.Format")]
    public async Task Timestamps_must_be_iso_8601_utc(string timestamp, string code)
    {
        var parameters = _host.SignedCall("GET", "GetVideoInfo", Video).Select(p => p.Key == "Timestamp" ? new KeyValuePair<string, string>("Timestamp", timestamp) : p);

        var answer = await _host.GetAsync(WithSignature("GET", parameters));

        Assert.Equal(code, answer.Body.GetProperty("Code").GetString());
    }

    [Fact(Timeout = 60_000)]
    public async Task A_replayed_request_is_refused_and_the_nonce_stays_refused_while_the_request_could_pass()
    {
        var parameters = _host.SignedCall("GET", "GetVideoInfo", Video, nonce: Guid.NewGuid().ToString("N"));

        AssertCode("InvalidVideo.NotFound", await _host.GetAsync(parameters), HttpStatusCode.NotFound);
        AssertCode("SignatureNonceUsed", await _host.GetAsync(parameters), HttpStatusCode.BadRequest);
        Assert.Equal("Specified signature nonce was used already.", (await _host.GetAsync(parameters)).Body.GetProperty("Message").GetString());
    }

    [Fact(Timeout = 60_000)]
    public async Task A_nonce_may_be_used_again_after_the_window_with_a_fresh_timestamp()
    {
        using var host = TestHost.Create(b => b.ForSignedCalls().Set("Security:AllowAnonymous", "false"));
        var nonce = Guid.NewGuid().ToString("N");

        AssertCode("InvalidVideo.NotFound", await host.GetAsync(host.SignedCall("GET", "GetVideoInfo", Video, nonce: nonce)), HttpStatusCode.NotFound);
        host.Clock.Advance(TimeSpan.FromMinutes(14));
        AssertCode("SignatureNonceUsed", await host.GetAsync(host.SignedCall("GET", "GetVideoInfo", Video, nonce: nonce)), HttpStatusCode.BadRequest);
        host.Clock.Advance(TimeSpan.FromMinutes(2));
        AssertCode("InvalidVideo.NotFound", await host.GetAsync(host.SignedCall("GET", "GetVideoInfo", Video, nonce: nonce)), HttpStatusCode.NotFound);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_refused_signature_does_not_use_up_its_nonce()
    {
        var nonce = Guid.NewGuid().ToString("N");

        AssertCode("SignatureDoesNotMatch", await _host.GetAsync(_host.SignedCall("GET", "GetVideoInfo", Video, secret: "guess", nonce: nonce)), HttpStatusCode.BadRequest);
        AssertCode("InvalidVideo.NotFound", await _host.GetAsync(_host.SignedCall("GET", "GetVideoInfo", Video, nonce: nonce)), HttpStatusCode.NotFound);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_refused_call_answers_in_the_format_asked_for_and_in_xml_by_default()
    {
        var parameters = _host.SignedCall("GET", "GetVideoInfo", Video, secret: "guess").Where(p => p.Key != "Format");

        using var client = _host.CreateClient();
        using var response = await client.GetAsync("/?" + Query(WithSignature("GET", parameters, "guess")), TestContext.Current.CancellationToken);
        var xml = System.Xml.Linq.XElement.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        Assert.Equal("SignatureDoesNotMatch", xml.Element("Code")!.Value);
    }
}
