using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using VodSnapshot.Api.Features.Snapshots.Planning;
using VodSnapshot.Media.Sprites;
using VodSnapshot.Tests.TestSupport;

namespace VodSnapshot.Tests.Templates;

/// <summary>
/// Template jobs end to end through the real pipeline: registration, ffmpeg extraction, sprite composition, stored
/// files, the callback and ListSnapshots.
/// </summary>
public sealed partial class TemplateMediaTests : IAsyncLifetime
{
    private TestHost Service { get; set; } = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() =>
        Service = await TestHost.StartAsync(b => b.WithCallbackReceiver().Set("Templates:Seed", "false"));

    public ValueTask DisposeAsync() => Service.DisposeAsync();

    [Fact(Timeout = 180_000)]
    public async Task An_intra_template_takes_keyframes_only_where_a_plain_job_takes_the_exact_frames()
    {
        // 10 s at 25 fps with a keyframe exactly every 2 s; capture points half a second off them.
        var videoId = await RegisterClipAsync("gop2s.mp4", "-f lavfi -i testsrc=size=320x180:rate=25:duration=10 -c:v libx264 -preset veryfast -g 50 -keyint_min 50 -sc_threshold 0 -pix_fmt yuv420p");
        var keyframes = await KeyframeTimesMsAsync(Path.Combine(Service.MediaRoot, "gop2s.mp4"));
        var templateId = await Service.AddTemplateAsync("""{"SnapshotType":"NormalSnapshot","SnapshotConfig":{"FrameType":"intra","SpecifiedOffsetTime":"500","Interval":"1","Count":"8"}}""");

        var intra = await SubmitAndWaitAsync(("VideoId", videoId), ("SnapshotTemplateId", templateId));
        var normal = await SubmitAndWaitAsync(("VideoId", videoId), ("SpecifiedOffsetTime", "500"), ("Interval", "1"), ("Count", "8"));

        var intraTimes = TestHost.Info(intra, "NormalSnapshot").GetProperty("SnapshotTimes").EnumerateArray().Select(t => t.GetInt64()).ToList();
        Assert.Equal(8, intraTimes.Count);
        Assert.All(intraTimes, t => Assert.Contains(keyframes, k => Math.Abs(k - t) <= 1));
        Assert.Equal(new long[] { 0, 2000, 2000, 4000, 4000, 6000, 6000, 8000 }, intraTimes.Select(t => keyframes.MinBy(k => Math.Abs(k - t))));
        var normalTimes = TestHost.Info(normal, "NormalSnapshot").GetProperty("SnapshotTimes").EnumerateArray().Select(t => t.GetInt64()).ToList();
        Assert.DoesNotContain(normalTimes, t => keyframes.Any(k => Math.Abs(k - t) <= 1));
    }

    [Theory(Timeout = 180_000)]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_webvtt_template_job_serves_a_track_whose_cues_match_the_sheets(bool combined)
    {
        var videoId = await RegisterClipAsync("clip.mp4", "-f lavfi -i testsrc=size=640x360:rate=25:duration=10 -c:v libx264 -preset veryfast -g 50 -pix_fmt yuv420p");
        var templateId = await Service.AddTemplateAsync(
            """{"SnapshotType":"WebVttSnapshot","SnapshotConfig":{"FrameType":"normal","Count":"7","Interval":"0","Width":"320","Format":"vtt","SubOut":{"IsSptFrag":"""
            + (combined ? "\"true\"" : "\"false\"")
            + """},"SpriteSnapshotConfig":{"CellWidth":"80","Columns":"3","Lines":"2","Padding":"2","Margin":"4","KeepCellPic":"delete"}}}""");

        var done = await SubmitAndWaitAsync(("VideoId", videoId), ("SnapshotTemplateId", templateId));

        var layout = new SpriteSheetLayout(80, OutputSize.FollowAspect(80, 640, 360), Columns: 3, Lines: 2, Padding: 2, Margin: 4);
        Assert.Equal(7, TestHost.Info(done, "NormalSnapshot").GetProperty("SnapshotCount").GetInt64());
        Assert.Equal(2, TestHost.Info(done, "SpriteSnapshot").GetProperty("SnapshotCount").GetInt64());
        Assert.Equal(combined ? 0 : 7, done.GetProperty("SnapshotInfos").EnumerateArray().Where(i => i.GetProperty("SnapshotType").GetString() == "SpriteOriginSnapshot").Sum(i => i.GetProperty("SnapshotCount").GetInt64()));
        var trackInfo = TestHost.Info(done, "WebVttSnapshot");
        Assert.Equal(1, trackInfo.GetProperty("SnapshotCount").GetInt64());
        var trackUrl = trackInfo.GetProperty("SnapshotRegular").GetString()!.Replace("{SnapshotCount}", "00001", StringComparison.Ordinal);
        Assert.EndsWith(".vtt", trackUrl, StringComparison.Ordinal);

        using var client = Service.CreateClient();
        using var trackResponse = await client.GetAsync(new Uri(trackUrl).PathAndQuery, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, trackResponse.StatusCode);
        Assert.StartsWith("text/vtt", trackResponse.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
        var cues = ParseCues(await trackResponse.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        var (_, video) = await Service.JsonAsync("GetVideoInfo", ("VideoId", videoId));
        var durationMs = (long)Math.Ceiling(video.GetProperty("Video").GetProperty("Duration").GetDouble() * 1000);
        Assert.Equal(7, cues.Count);
        Assert.Equal(0, cues[0].Start);
        for (var i = 0; i + 1 < cues.Count; i++)
        {
            Assert.Equal(cues[i].End, cues[i + 1].Start);
        }

        Assert.InRange(cues[^1].End, durationMs - 1, durationMs);
        var (_, sheets) = await Service.JsonAsync("ListSnapshots", ("VideoId", videoId), ("SnapshotType", combined ? "SpriteSnapshot" : "SpriteOriginSnapshot"));
        var imageUrls = sheets.GetProperty("MediaSnapshot").GetProperty("Snapshots").GetProperty("Snapshot").EnumerateArray().Select(s => s.GetProperty("Url").GetString()!).ToList();
        for (var i = 0; i < cues.Count; i++)
        {
            var (sheet, x, y) = layout.Place(i);
            Assert.Equal(
                combined ? string.Create(CultureInfo.InvariantCulture, $"{imageUrls[sheet]}#xywh={x},{y},{layout.CellWidth},{layout.CellHeight}") : imageUrls[i],
                cues[i].Text);
        }

        foreach (var url in imageUrls)
        {
            var info = await IdentifyAsync(client, url);
            Assert.Equal(combined ? (layout.SheetWidth, layout.SheetHeight) : (layout.CellWidth, layout.CellHeight), info);
        }

        using var manifestResponse = await client.GetAsync(new Uri(Path.ChangeExtension(trackUrl, ".json")).PathAndQuery, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, manifestResponse.StatusCode);
        using var manifest = JsonDocument.Parse(await manifestResponse.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(7, manifest.RootElement.GetProperty("Cues").GetArrayLength());
        if (combined)
        {
            var last = manifest.RootElement.GetProperty("Sheets")[1];
            Assert.Equal((1, 1, 1), (last.GetProperty("Cells").GetInt32(), last.GetProperty("Columns").GetInt32(), last.GetProperty("Rows").GetInt32()));
        }

        var (_, listed) = await Service.JsonAsync("ListSnapshots", ("VideoId", videoId), ("SnapshotType", "WebVttSnapshot"));
        Assert.Equal(1, listed.GetProperty("MediaSnapshot").GetProperty("Total").GetInt64());
        Assert.Equal(trackUrl, listed.GetProperty("MediaSnapshot").GetProperty("Snapshots").GetProperty("Snapshot")[0].GetProperty("Url").GetString());
    }

    private static List<(long Start, long End, string Text)> ParseCues(string vtt)
    {
        Assert.StartsWith("WEBVTT\n", vtt, StringComparison.Ordinal);
        return [.. CueText().Matches(vtt).Select(m => (Milliseconds(m.Groups["start"].Value), Milliseconds(m.Groups["end"].Value), m.Groups["text"].Value))];
    }

    private static long Milliseconds(string timestamp) =>
        (long)TimeSpan.ParseExact(timestamp, @"hh\:mm\:ss\.fff", CultureInfo.InvariantCulture).TotalMilliseconds;

    private static async Task<(int Width, int Height)> IdentifyAsync(HttpClient client, string url)
    {
        await using var stream = await client.GetStreamAsync(new Uri(url).PathAndQuery, TestContext.Current.CancellationToken);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, TestContext.Current.CancellationToken);
        buffer.Position = 0;
        var info = SixLabors.ImageSharp.Image.Identify(buffer);
        return (info.Width, info.Height);
    }

    private async Task<string> RegisterClipAsync(string name, string ffmpegInput)
    {
        var path = Path.Combine(Service.MediaRoot, name);
        await FfmpegCli.RunAsync("ffmpeg", ["-hide_banner", "-loglevel", "error", "-y", .. ffmpegInput.Split(' '), path], Ct);
        using var client = Service.CreateClient();
        return await client.RegisterAsync(new Uri(path).AbsoluteUri, name, null, Ct);
    }

    private async Task<JsonElement> SubmitAndWaitAsync(params (string Name, string Value)[] parameters)
    {
        var (status, body) = await Service.JsonAsync("SubmitSnapshotJob", parameters);
        Assert.Equal(200, status);
        var jobId = body.GetProperty("SnapshotJob").GetProperty("JobId").GetString()!;
        var callback = await Service.Receiver.EventOfAsync(jobId, TimeSpan.FromMinutes(2), Ct);
        Assert.Equal("success", callback.GetProperty("Status").GetString());
        return callback;
    }

    private static async Task<List<long>> KeyframeTimesMsAsync(string path)
    {
        var output = await FfmpegCli.OutputAsync("ffprobe", ["-v", "error", "-select_streams", "v:0", "-skip_frame", "nokey", "-show_entries", "frame=pts_time", "-of", "csv=p=0", path], Ct);
        return [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => (long)Math.Round(double.Parse(line.TrimEnd(','), CultureInfo.InvariantCulture) * 1000))];
    }

    [GeneratedRegex(@"^(?<start>\d{2,}:\d{2}:\d{2}\.\d{3}) --> (?<end>\d{2,}:\d{2}:\d{2}\.\d{3})\n(?<text>[^\n]+)$", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex CueText();
}
