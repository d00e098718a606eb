using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using VodSnapshot.Media.Probing;
using VodSnapshot.Tests.TestSupport;

namespace VodSnapshot.Tests.Catalog;

/// <summary>GetPlayInfo and GetVideoPlayAuth of a Normal video, and its PlayURL served with range requests.</summary>
public class PlaybackTests(HostWithReceiver service, TestClips clips) : IClassFixture<HostWithReceiver>, IClassFixture<TestClips>
{
    private static Dictionary<string, string> P(params (string Name, string Value)[] values) => values.ToDictionary(v => v.Name, v => v.Value);

    private async Task<string> NormalVideoAsync()
    {
        var videoId = await service.RegisterAsync(clips.Ramp, ct: TestContext.Current.CancellationToken);
        var (status, body) = await service.CallAsync("CreateAudit", P(("AuditContent", $$"""[{"VideoId":"{{videoId}}","Status":"Normal"}]""")), TestContext.Current.CancellationToken);
        Assert.True(status == 200, body.ToString());
        return videoId;
    }

    [Fact(Timeout = 60_000)]
    public async Task The_PlayURL_serves_byte_ranges_of_the_source_and_probes_as_the_stream_described()
    {
        var videoId = await NormalVideoAsync();
        var ct = TestContext.Current.CancellationToken;

        var (status, body) = await service.CallAsync("GetPlayInfo", P(("VideoId", videoId), ("Formats", "mp4")), ct);

        Assert.True(status == 200, body.ToString());
        var info = Assert.Single(body.GetProperty("PlayInfoList").GetProperty("PlayInfo").EnumerateArray());
        var source = await File.ReadAllBytesAsync(clips.Ramp, ct);
        Assert.Equal("mp4", info.GetProperty("Format").GetString());
        Assert.Equal("OD", info.GetProperty("Definition").GetString());
        Assert.Equal(160, info.GetProperty("Width").GetInt64());
        Assert.Equal(90, info.GetProperty("Height").GetInt64());
        Assert.Equal(source.Length, info.GetProperty("Size").GetInt64());
        Assert.Equal("25", info.GetProperty("Fps").GetString());
        Assert.Equal("video", info.GetProperty("StreamType").GetString());
        Assert.Equal(JsonValueKind.String, info.GetProperty("Duration").ValueKind);
        Assert.InRange(double.Parse(info.GetProperty("Duration").GetString()!, System.Globalization.CultureInfo.InvariantCulture), 3.9, 4.1);
        Assert.Matches("^[0-9]+\\.[0-9]{4}$", info.GetProperty("Bitrate").GetString());
        Assert.Equal(videoId, body.GetProperty("VideoBase").GetProperty("VideoId").GetString());

        var url = new Uri(info.GetProperty("PlayURL").GetString()!);
        using var client = service.CreateClient();
        using var partial = new HttpRequestMessage(HttpMethod.Get, url.PathAndQuery);
        partial.Headers.Range = new RangeHeaderValue(100, 199);
        using var slice = await client.SendAsync(partial, ct);
        Assert.Equal(HttpStatusCode.PartialContent, slice.StatusCode);
        Assert.Equal($"bytes 100-199/{source.Length}", slice.Content.Headers.ContentRange!.ToString());
        Assert.Equal(source[100..200], await slice.Content.ReadAsByteArrayAsync(ct));

        // A player reads the rest from where it seeks; the bytes it gets are a playable file.
        using var rest = new HttpRequestMessage(HttpMethod.Get, url.PathAndQuery);
        rest.Headers.Range = new RangeHeaderValue(0, null);
        using var whole = await client.SendAsync(rest, ct);
        Assert.Equal(HttpStatusCode.PartialContent, whole.StatusCode);
        var copy = Path.Combine(service.Root, Guid.NewGuid().ToString("N") + ".mp4");
        await File.WriteAllBytesAsync(copy, await whole.Content.ReadAsByteArrayAsync(ct), ct);
        var probe = await service.Services.GetRequiredService<IMediaProber>().ProbeAsync(copy, ct);
        Assert.True(probe.HasVideo);
        Assert.Equal((160, 90), (probe.Width, probe.Height));
        Assert.InRange(probe.Duration.TotalSeconds, 3.9, 4.1);
        Assert.Equal("video/mp4", whole.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/{videoId}/play/other.mp4", ct)).StatusCode);
    }

    public static TheoryData<string, string, int, string> Refusals() => new()
    {
        { "Formats", "m3u8", 404, "InvalidVideo.NoneStream" },
        { "Definition", "HD", 404, "InvalidVideo.NoneStream" },
        { "StreamType", "audio", 404, "InvalidVideo.NoneStream" },
        { "Formats", "avi", 400, "InvalidParameter" },
        { "OutputType", "ftp", 400, "InvalidParameter" },
        { "AuthTimeout", "2592001", 400, "InvalidParameter" },
        { "ResultType", "All", 400, "InvalidParameter" },
    };

    [Theory(Timeout = 60_000)]
    [MemberData(nameof(Refusals))]
    public async Task A_request_for_a_stream_the_video_lacks_or_a_bad_parameter_is_refused(string name, string value, int status, string code)
    {
        var videoId = await NormalVideoAsync();

        var (answered, body) = await service.CallAsync("GetPlayInfo", P(("VideoId", videoId), (name, value)), TestContext.Current.CancellationToken);

        Assert.Equal((status, code), (answered, body.GetProperty("Code").GetString()));
    }

    [Fact(Timeout = 60_000)]
    public async Task Only_a_Normal_video_plays()
    {
        var registered = await service.RegisterAsync(clips.Ramp, ct: TestContext.Current.CancellationToken);

        var (status, body) = await service.CallAsync("GetPlayInfo", P(("VideoId", registered)), TestContext.Current.CancellationToken);
        var (authStatus, authBody) = await service.CallAsync("GetVideoPlayAuth", P(("VideoId", registered)), TestContext.Current.CancellationToken);
        var (unknown, unknownBody) = await service.CallAsync("GetPlayInfo", P(("VideoId", "0123456789abcdef0123456789abcdef")), TestContext.Current.CancellationToken);

        Assert.Equal((403, "Forbidden.IllegalStatus"), (status, body.GetProperty("Code").GetString()));
        Assert.Contains("UploadSucc", body.GetProperty("Message").GetString(), StringComparison.Ordinal);
        Assert.Equal((403, "Forbidden.IllegalStatus"), (authStatus, authBody.GetProperty("Code").GetString()));
        Assert.Equal((404, "InvalidVideo.NotFound"), (unknown, unknownBody.GetProperty("Code").GetString()));
        using var client = service.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/{registered}/play/{registered}.mp4", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact(Timeout = 60_000)]
    public async Task GetVideoPlayAuth_answers_a_PlayAuth_players_decode_and_the_VideoMeta()
    {
        var videoId = await NormalVideoAsync();

        var (status, body) = await service.CallAsync("GetVideoPlayAuth", P(("VideoId", videoId), ("AuthInfoTimeout", "3000")), TestContext.Current.CancellationToken);
        var (tooShort, tooShortBody) = await service.CallAsync("GetVideoPlayAuth", P(("VideoId", videoId), ("AuthInfoTimeout", "99")), TestContext.Current.CancellationToken);

        Assert.True(status == 200, body.ToString());
        var meta = body.GetProperty("VideoMeta");
        Assert.Equal(videoId, meta.GetProperty("VideoId").GetString());
        Assert.Equal(JsonValueKind.Number, meta.GetProperty("Duration").ValueKind);
        using var playAuth = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(body.GetProperty("PlayAuth").GetString()!)));
        using var authInfo = JsonDocument.Parse(playAuth.RootElement.GetProperty("AuthInfo").GetString()!);
        Assert.Equal(videoId, authInfo.RootElement.GetProperty("MediaId").GetString());
        var expires = DateTimeOffset.Parse(authInfo.RootElement.GetProperty("ExpireTime").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(expires - DateTimeOffset.UtcNow, TimeSpan.FromSeconds(2900), TimeSpan.FromSeconds(3001));
        Assert.StartsWith("STS.", playAuth.RootElement.GetProperty("AccessKeyId").GetString(), StringComparison.Ordinal);
        Assert.Equal((400, "InvalidParameter"), (tooShort, tooShortBody.GetProperty("Code").GetString()));
    }
}
