using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using VodSnapshot.Api.Features.UrlUploads;
using VodSnapshot.Api.Persistence;
using VodSnapshot.Tests.TestSupport;

namespace VodSnapshot.Tests.UrlUploads;

/// <summary>UploadMediaByURL pulls from a loopback server (private networks allowed in this test) and reports its jobs.</summary>
public class UrlUploadTests(UrlUploadTests.Service service, TestClips clips) : IClassFixture<UrlUploadTests.Service>, IClassFixture<TestClips>
{
    private static Dictionary<string, string> P(params (string Name, string Value)[] values) => values.ToDictionary(v => v.Name, v => v.Value);

    private async Task<JsonElement> EventAsync(string jobId)
    {
        for (var i = 0; i < 600; i++)
        {
            var found = service.Receiver.Mentioning(jobId).Select(c => c.Json).FirstOrDefault(j => j.GetProperty("EventType").GetString() == "UploadByURLComplete");
            if (found.ValueKind == JsonValueKind.Object)
            {
                return found;
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        throw new TimeoutException("No UploadByURLComplete for " + jobId);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_pulled_URL_becomes_a_video_and_its_events_arrive()
    {
        await using var server = await MediaServer.StartAsync(clips.Ramp);
        var url = server.Url("/clips/ramp%20copy.mp4");

        var (status, body) = await service.CallAsync("UploadMediaByURL", P(("UploadURLs", Uri.EscapeDataString(url)),
            ("UploadMetadatas", JsonSerializer.Serialize(new[] { new { SourceURL = url, Title = "Pulled ramp", Tags = "pulled" } }))), TestContext.Current.CancellationToken);

        Assert.True(status == 200, body.ToString());
        var job = Assert.Single(body.GetProperty("UploadJobs").EnumerateArray());
        Assert.Equal(url, job.GetProperty("SourceURL").GetString());
        var jobId = job.GetProperty("JobId").GetString()!;
        var done = await EventAsync(jobId);
        Assert.Equal("success", done.GetProperty("Status").GetString());
        Assert.Equal(new FileInfo(clips.Ramp).Length.ToString(System.Globalization.CultureInfo.InvariantCulture), done.GetProperty("Size").GetString());
        var videoId = done.GetProperty("VideoId").GetString()!;

        var (_, infos) = await service.CallAsync("GetURLUploadInfos", P(("JobIds", jobId + ",0123456789abcdef0123456789abcdef")), TestContext.Current.CancellationToken);
        var info = Assert.Single(infos.GetProperty("URLUploadInfoList").EnumerateArray());
        Assert.Equal("SUCCESS", info.GetProperty("Status").GetString());
        Assert.Equal(videoId, info.GetProperty("MediaId").GetString());
        Assert.Equal(["0123456789abcdef0123456789abcdef"], infos.GetProperty("NonExists").EnumerateArray().Select(e => e.GetString()));
        var (_, byUrl) = await service.CallAsync("GetURLUploadInfos", P(("UploadURLs", Uri.EscapeDataString(url))), TestContext.Current.CancellationToken);
        Assert.Equal(jobId, Assert.Single(byUrl.GetProperty("URLUploadInfoList").EnumerateArray()).GetProperty("JobId").GetString());

        Assert.Contains(service.Receiver.Mentioning(videoId), c => c.Json.GetProperty("EventType").GetString() == "FileUploadComplete");
        for (var i = 0; i < 300 && Video(videoId).Status != VideoStatus.Normal; i++)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        var video = Video(videoId);
        Assert.Equal((VideoStatus.Normal, "Pulled ramp", "pulled", 160), (video.Status, video.Title, video.Tags, video.Probe.Width));
    }

    [Fact(Timeout = 60_000)]
    public async Task A_URL_that_cannot_be_fetched_ends_as_DOWNLOAD_FAIL_with_a_failed_event()
    {
        await using var server = await MediaServer.StartAsync(clips.Ramp);
        var url = server.Url("/missing.mp4");

        var (_, body) = await service.CallAsync("UploadMediaByURL", P(("UploadURLs", url)), TestContext.Current.CancellationToken);

        var jobId = body.GetProperty("UploadJobs")[0].GetProperty("JobId").GetString()!;
        var done = await EventAsync(jobId);
        Assert.Equal("fail", done.GetProperty("Status").GetString());
        Assert.Equal("URLInvalidError", done.GetProperty("ErrorCode").GetString());
        Assert.False(done.TryGetProperty("VideoId", out _));
        var (_, infos) = await service.CallAsync("GetURLUploadInfos", P(("JobIds", jobId)), TestContext.Current.CancellationToken);
        Assert.Equal("DOWNLOAD_FAIL", infos.GetProperty("URLUploadInfoList")[0].GetProperty("Status").GetString());
        Assert.Equal(VideoStatus.UploadFail, Video(infos.GetProperty("URLUploadInfoList")[0].GetProperty("MediaId").GetString()!).Status);
    }

    [Theory(Timeout = 60_000)]
    [InlineData("UploadURLs", "ftp://example.com/a.mp4", "InvalidParameter.UploadURLs")]
    [InlineData("UploadURLs", "http://127.0.0.1:9/no-extension", "InvalidFileName.Extension")]
    [InlineData("UploadMetadatas", "[{\"Title\":\"no source\"}]", "InvalidParameter")]
    public async Task A_bad_URL_or_metadata_refuses_the_call_and_stores_nothing(string name, string value, string code)
    {
        var parameters = P(("UploadURLs", "http://127.0.0.1:9/a.mp4"));
        parameters[name] = value;
        var before = Count();

        var (status, body) = await service.CallAsync("UploadMediaByURL", parameters, TestContext.Current.CancellationToken);

        Assert.Equal((400, code), (status, body.GetProperty("Code").GetString()));
        Assert.Equal(before, Count());
    }

    private Video Video(string id)
    {
        using var scope = service.Services.CreateScope();
        return scope.ServiceProvider.GetRequiredService<VodDbContext>().Videos.Single(v => v.Id == id);
    }

    private (int, int) Count()
    {
        using var scope = service.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<VodDbContext>();
        return (db.Videos.Count(), db.Set<UrlUploadJob>().Count());
    }

    public sealed class Service() : TestHost(b => b.WithCallbackReceiver().Set("Media:AllowRemoteUrls", "true").Set("Media:AllowPrivateNetworks", "true"));

    /// <summary>Serves one clip at any <c>/clips/…</c> path on 127.0.0.1; everything else is 404.</summary>
    private sealed class MediaServer : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private MediaServer(WebApplication app) => _app = app;

        public string BaseUrl { get; private set; } = string.Empty;

        public string Url(string path) => BaseUrl + path;

        public static async Task<MediaServer> StartAsync(string clip)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            app.MapGet("/clips/{name}", (string name) => Results.File(clip, "video/mp4"));
            await app.StartAsync();
            var server = new MediaServer(app);
            server.BaseUrl = app.Urls.First().TrimEnd('/');
            return server;
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}

/// <summary>With remote URLs off (the default), UploadMediaByURL is refused and stores nothing.</summary>
public class UrlUploadDisabledTests(HostWithReceiver service) : IClassFixture<HostWithReceiver>
{
    [Fact(Timeout = 60_000)]
    public async Task Remote_URLs_off_refuses_the_call()
    {
        var (status, body) = await service.CallAsync("UploadMediaByURL", new Dictionary<string, string> { ["UploadURLs"] = "http://example.com/a.mp4" }, TestContext.Current.CancellationToken);

        Assert.Equal(400, status);
        Assert.Contains("Media:AllowRemoteUrls", body.GetProperty("Message").GetString(), StringComparison.Ordinal);
        using var scope = service.Services.CreateScope();
        Assert.Equal(0, scope.ServiceProvider.GetRequiredService<VodDbContext>().Set<UrlUploadJob>().Count());
    }
}
