using System.Net;
using System.Text;
using System.Text.Json;
using VodSnapshot.Api.Security;
using VodSnapshot.Tests.TestSupport;
using static VodSnapshot.Tests.TestSupport.RpcCalls;

namespace VodSnapshot.Tests.Security;

/// <summary>
/// Signature V3 through the whole pipeline, in process, with requests built here: the check order and each error,
/// the shared replay table, response formats and content types. Anonymous calls are allowed on this host, so every
/// refusal also shows that a call with an Authorization header is verified in full.
/// </summary>
public class SignatureV3RequestTests : IClassFixture<SignatureV3RequestTests.Host>
{
    private const string EmptyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private readonly Host _host;

    public SignatureV3RequestTests(Host host) => _host = host;

    public sealed class Host() : TestHost(b => b.ForSignedCalls(new DateTimeOffset(2026, 12, 1, 20, 2, 6, TimeSpan.Zero)));

    [Fact(Timeout = 60_000)]
    public async Task The_openssl_vector_is_accepted_byte_for_byte_and_answered_in_json()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/?Count=3")
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes("VideoId=0123456789abcdef0123456789abcdef&Title=a+b%26c")),
        };
        request.Content.Headers.TryAddWithoutValidation("content-type", "application/x-www-form-urlencoded");
        request.Headers.Host = "127.0.0.1:5080";
        request.Headers.Add("x-acs-action", "GetVideoInfo");
        request.Headers.Add("x-acs-version", "2017-03-21");
        request.Headers.Add("x-acs-date", "2026-12-01T20:02:06Z");
        request.Headers.Add("x-acs-signature-nonce", "0f1e2d3c4b5a69788796a5b4c3d2e1f0");
        request.Headers.Add("x-acs-content-sha256", "000be406a92a2304ddeb2fef58f825a02ec639f194cf7f26e7169354baff5e28");
        request.Headers.TryAddWithoutValidation("Authorization",
            "ACS3-HMAC-SHA256 Credential=testAccessKeyId,SignedHeaders=content-type;host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=5022c8e3f3a5e35b7f97fd390ad360451c0b0cda4875f5937539e68e37fe7fd9");

        var (status, contentType, body) = await SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("application/json;charset=utf-8", contentType);
        Assert.Equal("InvalidVideo.NotFound", JsonDocument.Parse(body).RootElement.GetProperty("Code").GetString());
    }

    [Fact(Timeout = 60_000)]
    public async Task A_signed_get_is_served_in_json_and_an_explicit_format_wins()
    {
        var (status, contentType, body) = await SendAsync(Signed("GET", "ListVodTemplate", [new("TemplateType", "Snapshot")]));
        var (_, xmlType, xml) = await SendAsync(Signed("GET", "ListVodTemplate", [new("TemplateType", "Snapshot"), new("Format", "XML")]));

        Assert.Equal((HttpStatusCode.OK, "application/json;charset=utf-8"), (status, contentType));
        Assert.True(JsonDocument.Parse(body).RootElement.TryGetProperty("VodTemplateInfoList", out _));
        Assert.Equal("text/xml;charset=utf-8", xmlType);
        Assert.StartsWith("<?xml", xml, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task Version_one_calls_keep_xml_by_default_with_the_vendors_exact_content_types()
    {
        using var client = _host.CreateClient();
        using var xml = await client.GetAsync("/?Action=ListVodTemplate&Version=2017-03-21&TemplateType=Snapshot", TestContext.Current.CancellationToken);
        using var json = await client.GetAsync("/?Action=ListVodTemplate&Version=2017-03-21&TemplateType=Snapshot&Format=JSON", TestContext.Current.CancellationToken);

        Assert.Equal("text/xml;charset=utf-8", RawContentType(xml));
        Assert.Equal("application/json;charset=utf-8", RawContentType(json));
    }

    public static TheoryData<string, string, HttpStatusCode, string> Refusals() => new()
    {
        { "unknown key", "InvalidAccessKeyId.NotFound", HttpStatusCode.NotFound, "access key" },
        { "the development key, replaced by the configured keys", "InvalidAccessKeyId.NotFound", HttpStatusCode.NotFound, "access key" },
        { "wrong secret", "SignatureDoesNotMatch", HttpStatusCode.BadRequest, "server canonical request is:GET\n/\nVideoId=" },
        { "RSA algorithm", "InvalidParameter", HttpStatusCode.BadRequest, "ACS3-RSA-SHA256 is not supported; sign with ACS3-HMAC-SHA256" },
        { "another scheme", "IncompleteSignature", HttpStatusCode.BadRequest, "ACS3-HMAC-SHA256 Credential=" },
        { "no x-acs-date", "MissingParameter", HttpStatusCode.BadRequest, "\"x-acs-date\"" },
        { "no nonce", "MissingParameter", HttpStatusCode.BadRequest, "\"x-acs-signature-nonce\"" },
        { "no content hash", "MissingParameter", HttpStatusCode.BadRequest, "\"x-acs-content-sha256\"" },
        { "x-acs-action unsigned", "IncompleteSignature", HttpStatusCode.BadRequest, "must include x-acs-action" },
        { "host unsigned", "IncompleteSignature", HttpStatusCode.BadRequest, "must include host" },
        { "an extra x-acs header unsigned", "IncompleteSignature", HttpStatusCode.BadRequest, "must include x-acs-extra" },
        { "a signed header not sent", "IncompleteSignature", HttpStatusCode.BadRequest, "x-acs-missing, which the request does not carry" },
        { "a malformed date", "InvalidTimeStamp.Format", HttpStatusCode.BadRequest, "not well formatted" },
        { "a date 16 minutes late", "InvalidTimeStamp.Expired", HttpStatusCode.BadRequest, "expired" },
        { "an Action parameter that differs from x-acs-action", "InvalidParameter", HttpStatusCode.BadRequest, "differs from the x-acs-action header" },
    };

    [Theory(Timeout = 60_000)]
    [MemberData(nameof(Refusals))]
    public async Task Each_check_answers_its_vendor_error(string refusal, string code, HttpStatusCode status, string message)
    {
        var dev = SecurityOptions.DevelopmentKey;
        var query = new List<KeyValuePair<string, string>> { new("VideoId", UnknownVideoId) };
        using var request = refusal switch
        {
            "unknown key" => Signed("GET", "GetVideoInfo", query, keyId: "LTAIunknown"),
            "the development key, replaced by the configured keys" => Signed("GET", "GetVideoInfo", query, keyId: dev.AccessKeyId, secret: dev.AccessKeySecret),
            "wrong secret" => Signed("GET", "GetVideoInfo", query, secret: "not-" + Secret),
            "RSA algorithm" => Signed("GET", "GetVideoInfo", query, algorithm: "ACS3-RSA-SHA256"),
            "another scheme" => Signed("GET", "GetVideoInfo", query, authorization: "Bearer abc"),
            "no x-acs-date" => Signed("GET", "GetVideoInfo", query, drop: "x-acs-date"),
            "no nonce" => Signed("GET", "GetVideoInfo", query, drop: "x-acs-signature-nonce"),
            "no content hash" => Signed("GET", "GetVideoInfo", query, drop: "x-acs-content-sha256"),
            "x-acs-action unsigned" => Signed("GET", "GetVideoInfo", query, unsigned: "x-acs-action"),
            "host unsigned" => Signed("GET", "GetVideoInfo", query, unsigned: "host"),
            "an extra x-acs header unsigned" => Signed("GET", "GetVideoInfo", query, extra: ("x-acs-extra", "1"), unsigned: "x-acs-extra"),
            "a signed header not sent" => Signed("GET", "GetVideoInfo", query, signAlso: "x-acs-missing"),
            "a malformed date" => Signed("GET", "GetVideoInfo", query, date: "1 Dec 2026 20:02:06"),
            "a date 16 minutes late" => Signed("GET", "GetVideoInfo", query, date: "2026-12-01T19:46:05Z"),
            _ => Signed("GET", "GetVideoInfo", [.. query, new("Action", "ListSnapshots")]),
        };

        var (answered, contentType, body) = await SendAsync(request);
        var error = JsonDocument.Parse(body).RootElement;

        Assert.Equal((status, "application/json;charset=utf-8"), (answered, contentType));
        Assert.Equal(code, error.GetProperty("Code").GetString());
        Assert.Contains(message, error.GetProperty("Message").GetString(), StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_body_that_is_not_the_one_hashed_is_refused_and_stores_nothing()
    {
        var metadata = JsonSerializer.Serialize(new[] { new { FileURL = "file:///nowhere/x.mp4", Title = "t" } });
        var form = "RegisterMetadatas=" + Uri.EscapeDataString(metadata);
        using var request = Signed("POST", "RegisterMedia", [], form, bodyHashOf: form + "&Extra=1");

        var (status, _, body) = await SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("SignatureDoesNotMatch", JsonDocument.Parse(body).RootElement.GetProperty("Code").GetString());
        Assert.Contains("x-acs-content-sha256", JsonDocument.Parse(body).RootElement.GetProperty("Message").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await _host.VideoCountAsync());
        Assert.Empty(_host.Prober.Calls);
    }

    [Fact(Timeout = 60_000)]
    public async Task Nonces_share_one_replay_table_with_version_one()
    {
        var nonce = Guid.NewGuid().ToString("N");
        var first = await _host.GetAsync(_host.SignedCall("GET", "GetVideoInfo", P(("VideoId", UnknownVideoId)), nonce: nonce));
        var (status, _, body) = await SendAsync(Signed("GET", "GetVideoInfo", [new("VideoId", UnknownVideoId)], nonce: nonce));

        Assert.Equal("InvalidVideo.NotFound", first.Body.GetProperty("Code").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("SignatureNonceUsed", JsonDocument.Parse(body).RootElement.GetProperty("Code").GetString());
    }

    /// <summary>A V3 request signed as the Tea clients sign it, with one part changed when a test asks.</summary>
    private static HttpRequestMessage Signed(string method, string action, List<KeyValuePair<string, string>> query, string? form = null,
        string keyId = KeyId, string secret = Secret, string algorithm = SignatureV3.Algorithm, string? authorization = null, string? drop = null,
        string? unsigned = null, (string Name, string Value)? extra = null, string? signAlso = null, string? date = null, string? nonce = null,
        string? bodyHashOf = null)
    {
        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["host"] = "localhost",
            ["x-acs-action"] = action,
            ["x-acs-version"] = "2017-03-21",
            ["x-acs-date"] = date ?? "2026-12-01T20:02:06Z",
            ["x-acs-signature-nonce"] = nonce ?? Guid.NewGuid().ToString("N"),
            ["x-acs-content-sha256"] = bodyHashOf is null && form is null ? EmptyHash : SignatureV3.HexSha256(Encoding.UTF8.GetBytes(bodyHashOf ?? form!)),
        };
        if (form is not null)
        {
            headers["content-type"] = "application/x-www-form-urlencoded";
        }

        if (extra is { } header)
        {
            headers[header.Name] = header.Value;
        }

        List<string> signed = [.. headers.Keys.Where(k => k != unsigned)];
        if (signAlso is not null)
        {
            signed = [.. signed.Append(signAlso).Order(StringComparer.Ordinal)];
        }

        var canonical = SignatureV3.CanonicalRequest(method, "/", SignatureV3.CanonicalQueryString(query),
            SignatureV3.CanonicalHeaders(signed, name => headers.TryGetValue(name, out var value) ? [value] : []), signed, headers["x-acs-content-sha256"]);
        var signature = SignatureV3.Sign(SignatureV3.StringToSign(canonical), secret);

        var request = new HttpRequestMessage(new HttpMethod(method), "/" + (query.Count > 0 ? "?" + Query(query) : string.Empty));
        if (form is not null)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(form));
            request.Content.Headers.TryAddWithoutValidation("content-type", headers["content-type"]);
        }

        foreach (var (name, value) in headers.Where(h => h.Key is not "host" and not "content-type" && h.Key != drop))
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        request.Headers.TryAddWithoutValidation("Authorization",
            authorization ?? $"{algorithm} Credential={keyId},SignedHeaders={string.Join(';', signed)},Signature={signature}");
        return request;
    }

    private async Task<(HttpStatusCode Status, string? ContentType, string Body)> SendAsync(HttpRequestMessage request)
    {
        using var client = _host.CreateClient();
        using (request)
        using (var response = await client.SendAsync(request, TestContext.Current.CancellationToken))
        {
            var contentType = RawContentType(response);
            return (response.StatusCode, contentType, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        }
    }

    /// <summary>The Content-Type as it came over the wire (the typed header would re-format it with a space).</summary>
    private static string? RawContentType(HttpResponseMessage response) =>
        response.Content.Headers.NonValidated.TryGetValues("Content-Type", out var values) ? values.ToString() : null;
}
