using System.Net;
using System.Text;
using System.Xml.Linq;
using VodSnapshot.Tests.TestSupport;
using static VodSnapshot.Tests.TestSupport.RpcCalls;

namespace VodSnapshot.Tests.Security;

/// <summary>The RPC surface's size bounds: refused in the vendor's envelope before any action runs.</summary>
public class RequestLimitsTests : IClassFixture<RequestLimitsTests.Host>
{
    public sealed class Host() : TestHost(b => b.ForSignedCalls()
        .Set("Security:MaxBodyBytes", "4096")
        .Set("Security:MaxQueryStringLength", "2048")
        .Set("Security:MaxParameters", "20"));

    private static readonly KeyValuePair<string, string>[] Video = P(("VideoId", UnknownVideoId));

    private readonly Host _host;

    public RequestLimitsTests(Host host) => _host = host;

    private static KeyValuePair<string, string>[] Padding(int count, int valueLength) =>
        [.. Enumerable.Range(0, count).Select(i => new KeyValuePair<string, string>($"Pad{i}", new string('x', valueLength)))];

    [Fact(Timeout = 60_000)]
    public async Task Calls_within_the_bounds_are_served()
    {
        var get = await _host.GetAsync(_host.SignedCall("GET", "GetVideoInfo", [.. Video, .. Padding(5, 200)]));
        var post = await _host.PostAsync(_host.SignedCall("POST", "GetVideoInfo", [.. Video, .. Padding(5, 600)]));

        Assert.Equal("InvalidVideo.NotFound", get.Body.GetProperty("Code").GetString());
        Assert.Equal("InvalidVideo.NotFound", post.Body.GetProperty("Code").GetString());
    }

    [Fact(Timeout = 60_000)]
    public async Task A_body_over_the_bound_is_refused_with_413_in_the_format_the_body_asked_for()
    {
        var answer = await _host.PostAsync(_host.SignedCall("POST", "GetVideoInfo", [.. Video, .. Padding(1, 5000)]));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, answer.Status);
        Assert.Equal("RequestEntityTooLarge", answer.Body.GetProperty("Code").GetString());
        Assert.Equal("The request body is larger than 4096 bytes.", answer.Body.GetProperty("Message").GetString());
        Assert.Matches("^[0-9A-F-]{36}$", answer.Body.GetProperty("RequestId").GetString());
    }

    [Fact(Timeout = 60_000)]
    public async Task A_query_string_over_the_bound_is_refused_with_414()
    {
        var answer = await _host.GetAsync(_host.SignedCall("GET", "GetVideoInfo", [.. Video, .. Padding(1, 2100)]));

        Assert.Equal(HttpStatusCode.RequestUriTooLong, answer.Status);
        Assert.Equal("RequestURITooLong", answer.Body.GetProperty("Code").GetString());
        Assert.Equal("The query string is longer than 2048 characters.", answer.Body.GetProperty("Message").GetString());
    }

    [Fact(Timeout = 60_000)]
    public async Task Too_many_parameters_are_refused_whether_in_query_form_or_both()
    {
        var query = await _host.GetAsync(_host.SignedCall("GET", "GetVideoInfo", [.. Video, .. Padding(15, 1)]));
        var form = await _host.PostAsync(_host.SignedCall("POST", "GetVideoInfo", [.. Video, .. Padding(15, 1)]));
        var split = await _host.PostAsync(Padding(10, 1), Query(UnsignedCall("GetVideoInfo", [.. Video, .. Padding(8, 1).Select(p => new KeyValuePair<string, string>("Q" + p.Key, p.Value))])));

        foreach (var answer in new[] { query, form, split })
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, answer.Status);
            Assert.Equal("The request carries more than 20 parameters.", answer.Body.GetProperty("Message").GetString());
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task Repeated_names_count_once_per_value()
    {
        var repeated = Enumerable.Repeat(new KeyValuePair<string, string>("Same", "x"), 15);

        var answer = await _host.GetAsync(_host.SignedCall("GET", "GetVideoInfo", [.. Video, .. repeated]));

        Assert.Equal("RequestEntityTooLarge", answer.Body.GetProperty("Code").GetString());
    }

    [Fact(Timeout = 60_000)]
    public async Task Refusals_default_to_xml_like_every_other_answer()
    {
        using var client = _host.CreateClient();
        using var content = new StringContent(new string('x', 5000), Encoding.UTF8, "text/plain");
        using var response = await client.PostAsync("/?Action=GetVideoInfo", content, TestContext.Current.CancellationToken);
        var xml = XElement.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("RequestEntityTooLarge", xml.Element("Code")!.Value);
        Assert.False(string.IsNullOrEmpty(response.Headers.GetValues("x-acs-request-id").Single()));
    }

    [Fact(Timeout = 60_000)]
    public async Task A_malformed_multipart_body_is_an_invalid_parameter_not_an_internal_error()
    {
        using var client = _host.CreateClient();
        using var content = new StringContent("--b\r\nContent-Disposition: form-data; name=\"VideoId\"\r\n\r\nabc", Encoding.UTF8);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("multipart/form-data; boundary=b");
        using var response = await client.PostAsync(RequestPath(Call("GetVideoInfo")), content, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("InvalidParameter", (await ReadAsync(response)).GetProperty("Code").GetString());
    }
}
