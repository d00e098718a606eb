using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VodSnapshot.Api.Persistence;
using VodSnapshot.Api.Rpc;
using VodSnapshot.Tests.TestSupport;

namespace VodSnapshot.Tests.Security;

/// <summary>
/// Inputs that once answered 500 or were read leniently: each is now a vendor-style 4xx envelope naming what is wrong,
/// and stores nothing; text already stored can no longer break an XML answer.
/// </summary>
public sealed class HostileInputTests(TestClips clips) : IClassFixture<TestClips>, IDisposable
{
    private readonly TestHost _app = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static void AssertInvalid(int status, JsonElement body, string parameter, string detail)
    {
        Assert.True(status == 400, body.ToString());
        Assert.Equal("InvalidParameter", body.GetProperty("Code").GetString());
        var message = body.GetProperty("Message").GetString()!;
        Assert.Contains($"\"{parameter}\"", message, StringComparison.Ordinal);
        Assert.Contains(detail, message, StringComparison.Ordinal);
    }

    private async Task<int> RowsAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VodDbContext>();
        return await db.Videos.CountAsync(Ct) + await db.VodTemplates.CountAsync(Ct) + await db.SnapshotJobs.CountAsync(Ct);
    }

    [Fact(Timeout = 60_000)]
    public async Task An_unpaired_surrogate_escape_in_a_json_parameter_is_invalid_parameter_naming_the_field()
    {
        var rows = await RowsAsync();
        var url = _app.AddMedia(clips.Ramp, "surrogate.mp4");

        var (status, body) = await _app.CallAsync("RegisterMedia", new Dictionary<string, string>
        {
            ["RegisterMetadatas"] = $$"""[{"FileURL":"{{url}}","Title":"a\ud800b"}]""",
        }, Ct);
        AssertInvalid(status, body, "RegisterMetadatas", "[0].Title: It must be valid Unicode text");

        (status, body) = await _app.CallAsync("AddVodTemplate", new Dictionary<string, string>
        {
            ["Name"] = "n", ["TemplateType"] = "Snapshot", ["TemplateConfig"] = """{"SnapshotType":"NormalSnapshot","SnapshotConfig":{"FrameType":"\udfff"}}""",
        }, Ct);
        AssertInvalid(status, body, "TemplateConfig", "SnapshotConfig.FrameType");
        Assert.Equal(rows, await RowsAsync());
    }

    [Fact(Timeout = 60_000)]
    public async Task Control_characters_are_refused_at_input_naming_the_parameter_in_xml_too()
    {
        var rows = await RowsAsync();
        var url = _app.AddMedia(clips.Ramp, "control.mp4");

        var (status, body) = await _app.CallAsync("AddVodTemplate", new Dictionary<string, string>
        {
            ["Name"] = "bell\u0007", ["TemplateType"] = "Snapshot", ["TemplateConfig"] = """{"SnapshotType":"NormalSnapshot","SnapshotConfig":{"Count":1}}""",
        }, Ct);
        AssertInvalid(status, body, "Name", "control characters; it holds U+0007");

        // RegisterMedia in the default XML format once stored the row and then failed to answer.
        var items = JsonSerializer.Serialize(new[] { new { FileURL = url, Title = "x\u0001" } });
        using var response = await _app.CreateClient().GetAsync("/?Action=RegisterMedia&Version=2017-03-21&RegisterMetadatas=" + Uri.EscapeDataString(items), Ct);
        var xml = XElement.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("InvalidParameter", xml.Element("Code")!.Value);
        Assert.Contains("[0].Title", xml.Element("Message")!.Value, StringComparison.Ordinal);
        Assert.Equal(rows, await RowsAsync());
    }

    [Fact(Timeout = 60_000)]
    public async Task Control_characters_already_stored_still_answer_well_formed_xml()
    {
        using var client = _app.CreateClient();
        var videoId = await client.RegisterAsync(_app.AddMedia(clips.Ramp, "stored.mp4"), Ct);
        var (_, added) = await _app.CallAsync("AddVodTemplate", new Dictionary<string, string>
        {
            ["Name"] = "clean", ["TemplateType"] = "Snapshot", ["TemplateConfig"] = """{"SnapshotType":"NormalSnapshot","SnapshotConfig":{"Count":1}}""",
        }, Ct);
        var templateId = added.GetProperty("VodTemplateId").GetString()!;
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            // As a row written by an older version would hold them.
            var db = scope.ServiceProvider.GetRequiredService<VodDbContext>();
            (await db.Videos.SingleAsync(v => v.Id == videoId, Ct)).Title = "a\u0001b\ud800c";
            (await db.VodTemplates.SingleAsync(t => t.Id == templateId, Ct)).Name = "t\u0001";
            await db.SaveChangesAsync(Ct);
        }

        using var info = await client.GetAsync($"/?Action=GetVideoInfo&Version=2017-03-21&VideoId={videoId}", Ct);
        using var list = await client.GetAsync("/?Action=ListVodTemplate&Version=2017-03-21&TemplateType=Snapshot", Ct);
        var video = XElement.Parse(await info.Content.ReadAsStringAsync(Ct));
        var templates = XElement.Parse(await list.Content.ReadAsStringAsync(Ct));

        Assert.Equal(HttpStatusCode.OK, info.StatusCode);
        Assert.Equal("a\uFFFDb\uFFFDc", video.Element("Video")!.Element("Title")!.Value);
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Contains(templates.Elements("VodTemplateInfoList"), t => t.Element("Name")!.Value == "t\uFFFD");
        var (jsonStatus, json) = await _app.CallAsync("GetVideoInfo", new Dictionary<string, string> { ["VideoId"] = videoId }, Ct);
        Assert.True(jsonStatus == 200, json.ToString());
    }

    [Fact(Timeout = 60_000)]
    public async Task A_form_in_utf7_is_an_envelope_not_a_bare_500()
    {
        using var content = new StringContent("Action=ListVodTemplate&Version=2017-03-21&Format=JSON&TemplateType=Snapshot");
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/x-www-form-urlencoded; charset=utf-7");

        using var response = await _app.CreateClient().PostAsync("/?Format=JSON", content, Ct);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;

        AssertInvalid((int)response.StatusCode, body, "Content-Type", "UTF-8");
        Assert.True(body.TryGetProperty("RequestId", out _));
    }

    [Fact(Timeout = 60_000)]
    public async Task Percent_encoded_bytes_that_are_not_utf8_are_refused_naming_the_parameter()
    {
        var rows = await RowsAsync();
        using var client = _app.CreateClient();
        using var get = await client.GetAsync("/?Action=AddVodTemplate&Version=2017-03-21&Format=JSON&TemplateType=Snapshot&Name=x%ED%A0%80"
            + "&TemplateConfig=" + Uri.EscapeDataString("""{"SnapshotType":"NormalSnapshot","SnapshotConfig":{"Count":1}}"""), Ct);
        using var form = new StringContent("Name=y%FF&TemplateType=Snapshot", Encoding.ASCII, "application/x-www-form-urlencoded");
        using var post = await client.PostAsync("/?Action=AddVodTemplate&Version=2017-03-21&Format=JSON", form, Ct);

        AssertInvalid((int)get.StatusCode, JsonDocument.Parse(await get.Content.ReadAsStringAsync(Ct)).RootElement, "Name", "UTF-8");
        AssertInvalid((int)post.StatusCode, JsonDocument.Parse(await post.Content.ReadAsStringAsync(Ct)).RootElement, "Name", "UTF-8");
        Assert.Equal(rows, await RowsAsync());
    }

    [Fact(Timeout = 60_000)]
    public async Task A_huge_host_header_is_answered_in_the_asked_format_with_a_bounded_host_id()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/?Action=ListVodTemplate&Version=2017-03-21&Format=JSON&TemplateType=Snapshot");
        Assert.True(request.Headers.TryAddWithoutValidation("Host", new string('h', 5000)));

        using var response = await _app.CreateClient().SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        var body = JsonDocument.Parse(text).RootElement;

        Assert.StartsWith("application/json", response.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
        AssertInvalid((int)response.StatusCode, body, "Host", "at most 253 characters");
        Assert.True(body.GetProperty("HostId").GetString()!.Length <= RpcResponseWriter.MaxHostIdLength);
        Assert.True(text.Length < 2000, $"{text.Length} characters answered");
    }

    [Theory(Timeout = 60_000)]
    [InlineData("Count", "+5")]
    [InlineData("Count", " 5")]
    [InlineData("PageNo", "+1")]
    public async Task Integers_with_a_leading_plus_or_space_are_invalid(string parameter, string value)
    {
        var videoId = await _app.CreateClient().RegisterAsync(_app.AddMedia(clips.Ramp, Guid.NewGuid().ToString("N") + ".mp4"), Ct);
        var action = parameter == "PageNo" ? "ListSnapshots" : "SubmitSnapshotJob";
        var rows = await RowsAsync();

        var (status, body) = await _app.CallAsync(action, new Dictionary<string, string> { ["VideoId"] = videoId, [parameter] = value }, Ct);

        AssertInvalid(status, body, parameter, "whole number");
        Assert.Equal(rows, await RowsAsync());
    }

    [Theory]
    [InlineData("5\0")]
    [InlineData("5\0\0")]
    [InlineData("+5")]
    [InlineData("")]
    [InlineData("-")]
    [InlineData("٥")]
    public void Integer_text_refuses_what_dotnet_would_forgive(string text) => Assert.False(IntegerText.TryParseInt64(text, out _));

    [Fact]
    public void Integer_text_reads_plain_and_negative_numbers() =>
        Assert.Equal([5L, -5L, long.MaxValue], new[] { "5", "-5", "9223372036854775807" }.Select(t => IntegerText.TryParseInt64(t, out var v) ? v : 0));

    [Fact(Timeout = 60_000)]
    public async Task A_whitespace_only_template_name_is_invalid()
    {
        var rows = await RowsAsync();
        var (status, body) = await _app.CallAsync("AddVodTemplate", new Dictionary<string, string>
        {
            ["Name"] = " \t ", ["TemplateType"] = "Snapshot", ["TemplateConfig"] = """{"SnapshotType":"NormalSnapshot","SnapshotConfig":{"Count":1}}""",
        }, Ct);

        AssertInvalid(status, body, "Name", "white space");
        Assert.Equal(rows, await RowsAsync());
    }

    [Theory(Timeout = 60_000)]
    [InlineData("""[{"FileURL":"@","Title":"a","Title":"b"}]""", "[0].Title is given more than once")]
    [InlineData("""[{"FileURL":"@","Title":"   "}]""", "Title: It must not be empty or only white space")]
    [InlineData("""[{"FileURL":"@","Title":"t","CoverURL":"javascript:alert(1)"}]""", "CoverURL must be an absolute http or https URL")]
    [InlineData("""[{"FileURL":"@","Title":"t","CoverURL":"file:///etc/passwd"}]""", "CoverURL must be an absolute http or https URL")]
    public async Task RegisterMedia_refuses_repeated_fields_blank_titles_and_non_http_covers(string template, string detail)
    {
        var url = _app.AddMedia(clips.Ramp, Guid.NewGuid().ToString("N") + ".mp4");
        var rows = await RowsAsync();

        var (status, body) = await _app.CallAsync("RegisterMedia", new Dictionary<string, string> { ["RegisterMetadatas"] = template.Replace("@", url, StringComparison.Ordinal) }, Ct);

        AssertInvalid(status, body, "RegisterMetadatas", detail);
        Assert.Equal(rows, await RowsAsync());
    }

    [Theory(Timeout = 60_000)]
    [InlineData("Pending,Delivered")]
    [InlineData("1")]
    [InlineData("Sent")]
    public async Task The_delivery_log_refuses_a_status_it_does_not_know(string status)
    {
        var (code, body) = await _app.CreateClient().GetJsonAsync("/_emulator/callbacks?status=" + Uri.EscapeDataString(status), Ct);

        Assert.True(code == 400, body.ToString());
        Assert.Contains("Pending, Delivered, Failed or NotSent", body.ToString(), StringComparison.Ordinal);
    }

    public void Dispose() => _app.Dispose();
}
