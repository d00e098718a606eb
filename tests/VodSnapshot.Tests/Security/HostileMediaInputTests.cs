using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VodSnapshot.Api.Persistence;
using VodSnapshot.Media.Probing;
using VodSnapshot.Tests.TestSupport;

namespace VodSnapshot.Tests.Security;

/// <summary>
/// FileURLs and uploads that once answered 500, blocked, made duplicates or showed server paths, on the real stack
/// with real ffprobe.
/// </summary>
public sealed class HostileMediaInputTests(TestClips clips) : IClassFixture<TestClips>, IDisposable
{
    private readonly TestHost _app = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<int> VideoCountAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<VodDbContext>().Videos.CountAsync(Ct);
    }

    private Task<(int Status, JsonElement Body)> RegisterAsync(params string[] urls) =>
        _app.CallAsync("RegisterMedia", new Dictionary<string, string>
        {
            ["RegisterMetadatas"] = JsonSerializer.Serialize(urls.Select(u => new { FileURL = u, Title = "t" })),
        }, Ct);

    private static void AssertInvalid(int status, JsonElement body, string detail)
    {
        Assert.True(status == 400, body.ToString());
        Assert.Equal("InvalidParameter", body.GetProperty("Code").GetString());
        Assert.Contains(detail, body.GetProperty("Message").GetString()!, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_nul_byte_in_a_file_url_is_invalid_parameter()
    {
        var url = _app.AddMedia(clips.Ramp, "clip.mp4");

        var (status, body) = await RegisterAsync(url + "%00.txt");

        AssertInvalid(status, body, "NUL or control characters");
        Assert.Equal(0, await VideoCountAsync());
    }

    [Fact(Timeout = 60_000)]
    public async Task Spellings_of_one_file_are_one_video_and_queries_or_fragments_are_refused()
    {
        var url = _app.AddMedia(clips.Ramp, "one.mp4");
        var folder = url[..url.LastIndexOf('/')];
        var (status, first) = await RegisterAsync(url);
        Assert.Equal(200, status);
        var id = first.GetProperty("RegisteredMediaList")[0].GetProperty("MediaId").GetString();
        File.CreateSymbolicLink(Path.Combine(_app.MediaRoot, "alias.mp4"), Path.Combine(_app.MediaRoot, "one.mp4"));

        foreach (var spelling in new[] { folder + "/./one.mp4", folder + "//one.mp4", folder + "/%6fne.mp4", folder + "/alias.mp4" })
        {
            var (again, body) = await RegisterAsync(spelling);
            var media = body.GetProperty("RegisteredMediaList")[0];
            Assert.True(again == 200, $"{spelling}: {body}");
            Assert.Equal(id, media.GetProperty("MediaId").GetString());
            Assert.False(media.GetProperty("NewRegister").GetBoolean(), spelling);
            Assert.Equal(spelling, media.GetProperty("FileURL").GetString());
        }

        foreach (var spelling in new[] { url + "?x=1", url + "#frag" })
        {
            var (refused, body) = await RegisterAsync(spelling);
            AssertInvalid(refused, body, "query (?...) or a fragment (#...)");
        }

        var (both, twice) = await RegisterAsync(url, folder + "/./one.mp4");
        AssertInvalid(both, twice, "Each file must appear once");
        Assert.Equal(1, await VideoCountAsync());
    }

    [Fact(Timeout = 60_000)]
    public async Task Ten_parallel_registrations_of_one_new_file_answer_one_video_new_once()
    {
        var url = _app.AddMedia(clips.Ramp, "race.mp4");

        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => RegisterAsync(url)));

        Assert.All(answers, a => Assert.True(a.Status == 200, a.Body.ToString()));
        var media = answers.Select(a => a.Body.GetProperty("RegisteredMediaList")[0]).ToList();
        Assert.Single(media.Select(m => m.GetProperty("MediaId").GetString()).Distinct());
        Assert.Single(media, m => m.GetProperty("NewRegister").GetBoolean());
        Assert.Equal(1, await VideoCountAsync());
    }

    [Fact(Timeout = 60_000)]
    public async Task A_fifo_under_a_media_root_is_refused_at_once_without_probing()
    {
        var fifo = Path.Combine(_app.MediaRoot, "pipe.mp4");
        using (var mkfifo = Process.Start("mkfifo", [fifo]))
        {
            await mkfifo.WaitForExitAsync(Ct).WaitAsync(TimeSpan.FromSeconds(10), Ct);
            Assert.Equal(0, mkfifo.ExitCode);
        }

        var watch = Stopwatch.StartNew();
        var (status, body) = await RegisterAsync(new Uri(fifo).AbsoluteUri);

        AssertInvalid(status, body, "must name a regular file");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
        Assert.Equal(0, await VideoCountAsync());
    }

    [Fact(Timeout = 60_000)]
    public async Task A_probe_that_cannot_read_is_ended_by_its_own_short_timeout()
    {
        var folder = Directory.CreateTempSubdirectory("vodsnapshot-probe-");
        try
        {
            var fifo = Path.Combine(folder.FullName, "nobody-writes.mp4");
            using (var mkfifo = Process.Start("mkfifo", [fifo]))
            {
                await mkfifo.WaitForExitAsync(Ct).WaitAsync(TimeSpan.FromSeconds(10), Ct);
            }

            using var engine = new MediaEngine(new Dictionary<string, string?> { ["ProbeTimeout"] = "00:00:01", ["StallTimeout"] = "00:01:00" });
            var watch = Stopwatch.StartNew();
            var error = await Assert.ThrowsAsync<MediaProbeException>(() => engine.Prober.ProbeAsync(fifo, Ct));

            Assert.Contains("Ffmpeg:ProbeTimeout", error.Message, StringComparison.Ordinal);
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(15), $"took {watch.Elapsed}");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private async Task<(HttpStatusCode Status, string Text)> UploadAsync(string? title, string fileName = "clip.mp4")
    {
        using var form = new MultipartFormDataContent();
        using var file = new ByteArrayContent(await File.ReadAllBytesAsync(clips.Ramp, Ct));
        file.Headers.ContentType = new MediaTypeHeaderValue("video/mp4");
        form.Add(file, "file", fileName);
        if (title is not null)
        {
            form.Add(new StringContent(title), "Title");
        }

        using var response = await _app.CreateClient().PostAsync("/uploads", form, Ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact(Timeout = 60_000)]
    public async Task Uploads_hold_titles_to_register_media_rules_and_never_show_a_server_path()
    {
        var uploads = Path.Combine(_app.StateRoot, "uploads");

        foreach (var (title, detail) in new[] { (new string('t', 100 * 1024), "at most 128 bytes"), ("bell\u0007", "control characters") })
        {
            var (status, text) = await UploadAsync(title);
            Assert.True(status == HttpStatusCode.BadRequest, text);
            var message = JsonDocument.Parse(text).RootElement.GetProperty("Message").GetString()!;
            Assert.Contains(detail, message, StringComparison.Ordinal);
            Assert.Contains("\"Title\"", message, StringComparison.Ordinal);
        }

        var (nameStatus, nameText) = await UploadAsync(null, new string('n', 200) + ".mp4");
        Assert.True(nameStatus == HttpStatusCode.BadRequest, nameText);
        Assert.Equal(0, await VideoCountAsync());
        Assert.True(!Directory.Exists(uploads) || Directory.GetFiles(uploads).Length == 0);

        var (okStatus, okText) = await UploadAsync("Fine");
        Assert.True(okStatus == HttpStatusCode.OK, okText);
        Assert.DoesNotContain(_app.Root, okText, StringComparison.Ordinal);
        Assert.DoesNotContain("file://", okText, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_truncated_multipart_upload_is_an_envelope_and_leaves_nothing()
    {
        const string boundary = "cut-here";
        var body = $"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.mp4\"\r\nContent-Type: video/mp4\r\n\r\n" + new string('x', 4096);
        using var content = new ByteArrayContent(Encoding.ASCII.GetBytes(body));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse($"multipart/form-data; boundary={boundary}");

        using var response = await _app.CreateClient().PostAsync("/uploads", content, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        var envelope = JsonDocument.Parse(text).RootElement;

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, text);
        Assert.Equal("InvalidParameter", envelope.GetProperty("Code").GetString());
        Assert.True(envelope.TryGetProperty("RequestId", out _));
        Assert.DoesNotContain(_app.Root, text, StringComparison.Ordinal);
        Assert.Equal(0, await VideoCountAsync());
        var uploads = Path.Combine(_app.StateRoot, "uploads");
        Assert.True(!Directory.Exists(uploads) || Directory.GetFiles(uploads).Length == 0);
    }

    public void Dispose() => _app.Dispose();
}
