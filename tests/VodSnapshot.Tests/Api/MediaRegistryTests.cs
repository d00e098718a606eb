using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Xml.Linq;
using Microsoft.Extensions.DependencyInjection;
using VodSnapshot.Api.Persistence;
using VodSnapshot.Tests.TestSupport;

namespace VodSnapshot.Tests.Api;

public class MediaRegistryTests : IClassFixture<HostWithReceiver>, IClassFixture<TestClips>
{
    private readonly TestHost _service;
    private readonly TestClips _clips;

    public MediaRegistryTests(HostWithReceiver service, TestClips clips)
        : this((TestHost)service, clips)
    {
    }

    /// <summary>For the same tests on another database.</summary>
    protected MediaRegistryTests(TestHost service, TestClips clips)
    {
        _service = service;
        _clips = clips;
    }
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<JsonElement> RegisterAsync(params object[] items)
    {
        var (status, body) = await _service.CallAsync("RegisterMedia", new Dictionary<string, string> { ["RegisterMetadatas"] = JsonSerializer.Serialize(items) }, Ct);
        Assert.True(status == 200, body.ToString());
        return body;
    }

    [Fact(Timeout = 60_000)]
    public async Task A_playable_clip_registers_as_UploadSucc_with_what_the_probe_found()
    {
        var url = _service.AddMedia(_clips.Ramp, "registered-ramp.mp4");

        var body = await RegisterAsync(new { FileURL = url, Title = "Ramp", Description = "frames with known colours", Tags = "a, b", CateId = 7 });
        var media = body.GetProperty("RegisteredMediaList")[0];
        var id = media.GetProperty("MediaId").GetString()!;
        var (status, info) = await _service.CallAsync("GetVideoInfo", new Dictionary<string, string> { ["VideoId"] = id }, Ct);
        var video = info.GetProperty("Video");

        Assert.Matches("^[0-9a-f]{32}$", id);
        Assert.True(media.GetProperty("NewRegister").GetBoolean());
        Assert.Empty(body.GetProperty("FailedFileURLs").EnumerateArray());
        Assert.Equal(200, status);
        Assert.Equal("UploadSucc", video.GetProperty("Status").GetString());
        Assert.Equal(4.0, video.GetProperty("Duration").GetDouble(), 1);
        Assert.Equal(new FileInfo(_clips.Ramp).Length, video.GetProperty("Size").GetInt64());
        Assert.Equal("Ramp", video.GetProperty("Title").GetString());
        Assert.Equal("a,b", video.GetProperty("Tags").GetString());
        Assert.Equal(7, video.GetProperty("CateId").GetInt64());
        Assert.Equal(JsonValueKind.Array, video.GetProperty("Snapshots").GetProperty("Snapshot").ValueKind);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", video.GetProperty("CreationTime").GetString());
        Assert.False(info.TryGetProperty("Code", out _));
    }

    [Fact(Timeout = 60_000)]
    public async Task GetVideoInfo_in_xml_carries_the_same_fields()
    {
        var id = await _service.RegisterAsync(_clips.Ramp, ct: Ct);

        using var response = await _service.CreateClient().GetAsync(RpcCalls.RequestPath(RpcCalls.Call("GetVideoInfo", RpcCalls.P(("VideoId", id)), format: null)), Ct);
        var xml = XElement.Parse(await response.Content.ReadAsStringAsync(Ct));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("GetVideoInfoResponse", xml.Name.LocalName);
        Assert.Equal(id, xml.Element("Video")!.Element("VideoId")!.Value);
        Assert.Equal("UploadSucc", xml.Element("Video")!.Element("Status")!.Value);
        Assert.NotNull(xml.Element("RequestId"));
    }

    [Fact(Timeout = 60_000)]
    public async Task The_same_FileURL_again_answers_the_same_media_without_registering_it_twice()
    {
        var url = _service.AddMedia(_clips.Ramp, "twice.mp4");

        var first = (await RegisterAsync(new { FileURL = url, Title = "One" })).GetProperty("RegisteredMediaList")[0];
        var second = (await RegisterAsync(new { FileURL = url, Title = "Two" })).GetProperty("RegisteredMediaList")[0];

        Assert.Equal(first.GetProperty("MediaId").GetString(), second.GetProperty("MediaId").GetString());
        Assert.False(second.GetProperty("NewRegister").GetBoolean());
    }

    [Fact(Timeout = 60_000)]
    public async Task Unplayable_files_register_as_UploadFail_and_missing_ones_are_listed_as_failed()
    {
        var audio = _service.AddMedia(_clips.AudioOnly, "tone.m4a");
        var junk = _service.AddMedia(_clips.NotMedia, "junk.mp4");
        var missing = new Uri(Path.Combine(_service.MediaRoot, "missing.mp4")).AbsoluteUri;

        var body = await RegisterAsync(new { FileURL = audio, Title = "a" }, new { FileURL = junk, Title = "j" }, new { FileURL = missing, Title = "m" });
        var ids = body.GetProperty("RegisteredMediaList").EnumerateArray().Select(m => m.GetProperty("MediaId").GetString()!).ToList();

        Assert.Equal([missing], body.GetProperty("FailedFileURLs").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(2, ids.Count);
        foreach (var id in ids)
        {
            var (_, info) = await _service.CallAsync("GetVideoInfo", new Dictionary<string, string> { ["VideoId"] = id }, Ct);
            Assert.Equal("UploadFail", info.GetProperty("Video").GetProperty("Status").GetString());
        }
    }

    [Theory(Timeout = 60_000)]
    [InlineData("[]")]
    [InlineData("{}")]
    [InlineData("not json")]
    [InlineData("""[{"Title":"no url"}]""")]
    [InlineData("""[{"FileURL":"file:///etc/passwd","Title":"outside"}]""")]
    [InlineData("""[{"FileURL":"ftp://host/a.mp4","Title":"scheme"}]""")]
    [InlineData("""[{"FileURL":"http://127.0.0.1/a.mp4","Title":"remote off"}]""")]
    public async Task Bad_metadata_is_refused_naming_the_parameter_and_nothing_is_stored(string metadatas)
    {
        var before = await CountVideosAsync();

        var (status, body) = await _service.CallAsync("RegisterMedia", new Dictionary<string, string> { ["RegisterMetadatas"] = metadatas }, Ct);

        Assert.Equal(400, status);
        Assert.Equal("InvalidParameter", body.GetProperty("Code").GetString());
        Assert.Contains("RegisterMetadatas", body.GetProperty("Message").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await CountVideosAsync());
    }

    [Fact(Timeout = 60_000)]
    public async Task One_bad_item_refuses_the_whole_call()
    {
        var good = _service.AddMedia(_clips.Ramp, "good-then-bad.mp4");
        var before = await CountVideosAsync();

        var (status, _) = await _service.CallAsync("RegisterMedia", new Dictionary<string, string>
        {
            ["RegisterMetadatas"] = JsonSerializer.Serialize(new object[] { new { FileURL = good, Title = "g" }, new { FileURL = "file:///etc/hosts", Title = "b" } }),
        }, Ct);

        Assert.Equal(400, status);
        Assert.Equal(before, await CountVideosAsync());
    }

    [Fact(Timeout = 60_000)]
    public async Task CreateAudit_blocks_and_restores_videos_and_refuses_unplayable_ones()
    {
        var id = await _service.RegisterAsync(_clips.Ramp, ct: Ct);
        var bad = await _service.RegisterAsync(_clips.AudioOnly, ct: Ct);

        var (blocked, _) = await _service.CallAsync("CreateAudit", new Dictionary<string, string> { ["AuditContent"] = $$"""[{"VideoId":"{{id}}","Status":"Blocked"}]""" }, Ct);
        var (_, afterBlock) = await _service.CallAsync("GetVideoInfo", new Dictionary<string, string> { ["VideoId"] = id }, Ct);
        var (normal, _) = await _service.CallAsync("CreateAudit", new Dictionary<string, string> { ["AuditContent"] = $$"""[{"VideoId":"{{id}}","Status":"Normal"}]""" }, Ct);
        var (_, afterNormal) = await _service.CallAsync("GetVideoInfo", new Dictionary<string, string> { ["VideoId"] = id }, Ct);
        var (illegal, error) = await _service.CallAsync("CreateAudit", new Dictionary<string, string> { ["AuditContent"] = $$"""[{"VideoId":"{{bad}}","Status":"Normal"}]""" }, Ct);
        var (invalid, invalidBody) = await _service.CallAsync("CreateAudit", new Dictionary<string, string> { ["AuditContent"] = $$"""[{"VideoId":"{{id}}","Status":"Gone"}]""" }, Ct);

        Assert.Equal(200, blocked);
        Assert.Equal("Blocked", afterBlock.GetProperty("Video").GetProperty("Status").GetString());
        Assert.Equal(200, normal);
        Assert.Equal("Normal", afterNormal.GetProperty("Video").GetProperty("Status").GetString());
        Assert.Equal(400, illegal);
        Assert.Equal("Forbidden.IllegalStatus", error.GetProperty("Code").GetString());
        Assert.Equal(400, invalid);
        Assert.Equal("InvalidParameter", invalidBody.GetProperty("Code").GetString());
    }

    [Fact(Timeout = 60_000)]
    public async Task DeleteVideo_removes_the_video_and_lists_unknown_ids()
    {
        var id = await _service.RegisterAsync(_clips.Ramp, ct: Ct);
        const string unknown = "00000000000000000000000000000000";

        var (status, body) = await _service.CallAsync("DeleteVideo", new Dictionary<string, string> { ["VideoIds"] = $"{id},{unknown}" }, Ct);
        var (after, _) = await _service.CallAsync("GetVideoInfo", new Dictionary<string, string> { ["VideoId"] = id }, Ct);

        Assert.Equal(200, status);
        Assert.Equal([unknown], body.GetProperty("NonExistVideoIds").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(404, after);
    }

    [Fact(Timeout = 60_000)]
    public async Task An_upload_registers_the_file_in_one_request()
    {
        using var form = new MultipartFormDataContent();
        using var file = new ByteArrayContent(await File.ReadAllBytesAsync(_clips.Ramp, Ct));
        file.Headers.ContentType = new MediaTypeHeaderValue("video/mp4");
        form.Add(file, "file", "my clip.mp4");
        form.Add(new StringContent("Uploaded"), "Title");

        using var response = await _service.CreateClient().PostAsync("/uploads", form, Ct);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
        var id = body.GetProperty("VideoId").GetString()!;
        var (_, info) = await _service.CallAsync("GetVideoInfo", new Dictionary<string, string> { ["VideoId"] = id }, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("UploadSucc", body.GetProperty("Status").GetString());
        Assert.Equal("Uploaded", info.GetProperty("Video").GetProperty("Title").GetString());
        Assert.Equal(new FileInfo(_clips.Ramp).Length, info.GetProperty("Video").GetProperty("Size").GetInt64());
    }

    [Fact(Timeout = 60_000)]
    public async Task An_upload_without_a_file_is_refused_and_leaves_nothing()
    {
        using var form = new MultipartFormDataContent { { new StringContent("x"), "Title" } };
        var uploads = Path.Combine(_service.StateRoot, "uploads");
        var before = Directory.GetFiles(uploads).Length;

        using var response = await _service.CreateClient().PostAsync("/uploads", form, Ct);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("MissingParameter", body.GetProperty("Code").GetString());
        Assert.Equal(before, Directory.GetFiles(uploads).Length);
    }

    [Fact(Timeout = 60_000)]
    public async Task Health_reports_the_database_and_ffmpeg_versions()
    {
        using var response = await _service.CreateClient().GetAsync("/healthz", Ct);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ready", body.GetProperty("Database").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("Ffmpeg").GetString()));
    }

    [Fact(Timeout = 60_000)]
    public async Task Swagger_documents_one_operation_per_action_with_its_parameters()
    {
        using var response = await _service.CreateClient().GetAsync("/swagger/v1/swagger.json", Ct);
        var paths = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("paths");

        foreach (var action in new[] { "RegisterMedia", "GetVideoInfo", "CreateAudit", "DeleteVideo", "SubmitSnapshotJob", "ListSnapshots" })
        {
            var operation = paths.GetProperty($"/?Action={action}").GetProperty("get");
            var names = operation.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList();
            Assert.Contains("Version", names);
            Assert.DoesNotContain("Action", names);
        }

        var width = paths.GetProperty("/?Action=SubmitSnapshotJob").GetProperty("get").GetProperty("parameters").EnumerateArray()
            .Single(p => p.GetProperty("name").GetString() == "Width").GetProperty("schema");
        Assert.Equal(8, width.GetProperty("minimum").GetInt32());
        Assert.Equal(4096, width.GetProperty("maximum").GetInt32());
        Assert.True(paths.TryGetProperty("/uploads", out _));
    }

    private async Task<int> CountVideosAsync()
    {
        await using var scope = _service.Services.CreateAsyncScope();
        return scope.ServiceProvider.GetRequiredService<VodDbContext>().Videos.Count();
    }
}

/// <summary>The same tests on PostgreSQL, its rows and its job queues.</summary>
public sealed class MediaRegistryOnPostgreSqlTests : MediaRegistryTests, IClassFixture<HostWithReceiverOnPostgreSql>
{
    public MediaRegistryOnPostgreSqlTests(HostWithReceiverOnPostgreSql service, TestClips clips)
        : base(service, clips) => TestDatabase.SkipIfUnavailable();
}
