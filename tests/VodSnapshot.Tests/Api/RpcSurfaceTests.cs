using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using VodSnapshot.Tests.TestSupport;

namespace VodSnapshot.Tests.Api;

public class RpcSurfaceTests(TestHost app) : IClassFixture<TestHost>
{
    private readonly TestHost _app = app;

    [Theory(Timeout = 60_000)]
    [InlineData("/", "InvalidAction.NotFound", 404)]
    [InlineData("/?Action=NoSuchThing&Version=" + RpcCalls.Version, "InvalidAction.NotFound", 404)]
    [InlineData("/?Action=GetVideoInfo&Version=2016-01-01&VideoId=x", "InvalidVersion", 400)]
    [InlineData("/?Action=GetVideoInfo&VideoId=x", "MissingParameter", 400)]
    [InlineData("/?Action=GetVideoInfo&Version=" + RpcCalls.Version, "MissingParameter", 400)]
    [InlineData("/?Action=GetVideoInfo&Version=" + RpcCalls.Version + "&VideoId=" + RpcCalls.UnknownVideoId, "InvalidVideo.NotFound", 404)]
    [InlineData("/?Action=GetVideoInfo&Version=" + RpcCalls.Version + "&VideoId=../../etc/passwd", "InvalidVideo.NotFound", 404)]
    public async Task Errors_come_back_in_the_xml_envelope_by_default(string url, string code, int status)
    {
        using var response = await _app.CreateClient().GetAsync(url, TestContext.Current.CancellationToken);
        var xml = XElement.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        Assert.Equal(status, (int)response.StatusCode);
        Assert.StartsWith("text/xml", response.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
        Assert.Equal("Error", xml.Name.LocalName);
        Assert.Equal(code, xml.Element("Code")!.Value);
        Assert.Matches("^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$", xml.Element("RequestId")!.Value);
        Assert.False(string.IsNullOrEmpty(xml.Element("HostId")!.Value));
    }

    [Fact(Timeout = 60_000)]
    public async Task Errors_come_back_as_json_when_asked()
    {
        var (status, body) = await _app.CallAsync("GetVideoInfo", new Dictionary<string, string> { ["VideoId"] = "0123456789abcdef0123456789abcdef" }, TestContext.Current.CancellationToken);

        Assert.Equal(404, status);
        Assert.Equal("InvalidVideo.NotFound", body.GetProperty("Code").GetString());
        Assert.Equal("The video does not exist.", body.GetProperty("Message").GetString());
        Assert.True(body.TryGetProperty("Recommend", out _));
    }

    [Fact(Timeout = 60_000)]
    public async Task Form_post_parameters_merge_with_the_query_string()
    {
        using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["VideoId"] = "0123456789abcdef0123456789abcdef", ["Version"] = RpcCalls.Version });
        using var response = await _app.CreateClient().PostAsync("/?Action=GetVideoInfo&Format=JSON", content, TestContext.Current.CancellationToken);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("InvalidVideo.NotFound", body.GetProperty("Code").GetString());
    }

    [Fact(Timeout = 60_000)]
    public async Task An_unknown_format_is_refused_in_xml()
    {
        using var response = await _app.CreateClient().GetAsync("/?Action=GetVideoInfo&Version=" + RpcCalls.Version + "&Format=YAML&VideoId=x", TestContext.Current.CancellationToken);
        var xml = XElement.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("InvalidParameter", xml.Element("Code")!.Value);
        Assert.Contains("Format", xml.Element("Message")!.Value, StringComparison.Ordinal);
    }
}
