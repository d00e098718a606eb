using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using VodSnapshot.Api.Persistence;
using VodSnapshot.Tests.TestSupport;

namespace VodSnapshot.Tests.Api;

/// <summary>
/// SubmitSnapshotJob end to end: real ffmpeg on the ramp clip (25 fps, frame N has its own colour, keyframes at 0 s
/// and 2 s), real SQLite, the SnapshotComplete callback received over real HTTP.
/// </summary>
public class SubmitSnapshotJobTests : IClassFixture<HostWithReceiver>, IClassFixture<TestClips>
{
    private readonly TestHost _service;
    private readonly TestClips _clips;

    public SubmitSnapshotJobTests(HostWithReceiver service, TestClips clips)
        : this((TestHost)service, clips)
    {
    }

    /// <summary>For the same tests on another database.</summary>
    protected SubmitSnapshotJobTests(TestHost service, TestClips clips)
    {
        _service = service;
        _clips = clips;
    }
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Dictionary<string, string> P(params (string Key, string Value)[] values) => values.ToDictionary(v => v.Key, v => v.Value);

    [Fact(Timeout = 60_000)]
    public async Task Each_image_is_the_frame_a_player_shows_at_its_time()
    {
        var video = await _service.RegisterAsync(_clips.Ramp, ct: Ct);
        // Frame boundaries, mid-frame, 1 ms before a boundary, mid-GOP, just before and on the second keyframe, the last frame.
        long[] times = [0, 20, 39, 40, 1010, 1999, 2000, 2001, 3050, 3999];

        var (_, snapshotEvent) = await _service.SnapshotAsync(video, P(("SpecifiedOffsetTimes", JsonSerializer.Serialize(times))), Ct);
        var normal = TestHost.Info(snapshotEvent, "NormalSnapshot");

        Assert.Equal("success", snapshotEvent.GetProperty("Status").GetString());
        Assert.Equal("SpecifiedTime", snapshotEvent.GetProperty("SubType").GetString());
        Assert.Equal(times.Length, normal.GetProperty("SnapshotCount").GetInt32());
        for (var i = 0; i < times.Length; i++)
        {
            var expectedFrame = (int)(times[i] / 40);
            var image = FrameIdentity.Read(await _service.DownloadAsync(TestHost.ImageUrl(normal, i + 1), Ct));
            Assert.True(expectedFrame == image.Frame, $"t={times[i]} ms: expected frame {expectedFrame}, got {image.Frame}");
            Assert.Equal((TestClips.Width, TestClips.Height), (image.Width, image.Height));
            Assert.Equal(expectedFrame * 40, normal.GetProperty("SnapshotTimes")[i].GetInt64());
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task Count_and_interval_drop_times_past_the_end_and_report_what_was_produced()
    {
        var video = await _service.RegisterAsync(_clips.Ramp, ct: Ct);

        var (_, snapshotEvent) = await _service.SnapshotAsync(video, P(("SpecifiedOffsetTime", "500"), ("Count", "10"), ("Interval", "1")), Ct);
        var normal = TestHost.Info(snapshotEvent, "NormalSnapshot");

        Assert.Equal(4, normal.GetProperty("SnapshotCount").GetInt32());
        Assert.Equal([480L, 1480, 2480, 3480], normal.GetProperty("SnapshotTimes").EnumerateArray().Select(t => t.GetInt64()));
    }

    [Fact(Timeout = 60_000)]
    public async Task Interval_zero_spreads_count_snapshots_evenly()
    {
        var video = await _service.RegisterAsync(_clips.Ramp, ct: Ct);

        var (_, snapshotEvent) = await _service.SnapshotAsync(video, P(("Count", "4"), ("Interval", "0")), Ct);

        Assert.Equal([0L, 1000, 2000, 3000], TestHost.Info(snapshotEvent, "NormalSnapshot").GetProperty("SnapshotTimes").EnumerateArray().Select(t => t.GetInt64()));
    }

    [Theory(Timeout = 60_000)]
    [InlineData("80", null, 80, 46)]
    [InlineData(null, "30", 54, 30)]
    [InlineData("64", "64", 64, 64)]
    public async Task Sizes_follow_the_aspect_ratio_unless_both_are_given(string? width, string? height, int expectedWidth, int expectedHeight)
    {
        var video = await _service.RegisterAsync(_clips.Ramp, ct: Ct);
        var parameters = P(("SpecifiedOffsetTime", "1000"));
        if (width is not null)
        {
            parameters["Width"] = width;
        }

        if (height is not null)
        {
            parameters["Height"] = height;
        }

        var (_, snapshotEvent) = await _service.SnapshotAsync(video, parameters, Ct);
        var image = FrameIdentity.Read(await _service.DownloadAsync(TestHost.ImageUrl(TestHost.Info(snapshotEvent, "NormalSnapshot"), 1), Ct));

        Assert.Equal((expectedWidth, expectedHeight), (image.Width, image.Height));
        Assert.Equal(25, image.Frame);
    }

    [Fact(Timeout = 60_000)]
    public async Task Sprite_sheets_have_the_full_grid_size_with_cells_in_order_and_the_background_around_them()
    {
        var video = await _service.RegisterAsync(_clips.Ramp, ct: Ct);
        const string config = "{'CellWidth': 40, 'CellHeight': 30, 'Columns': 3, 'Lines': 2, 'Padding': 4, 'Margin': 6, 'Color': '#00FF00', 'KeepCellPic': 'keep'}";

        var (_, snapshotEvent) = await _service.SnapshotAsync(video, P(("Count", "8"), ("Interval", "0"), ("SpriteSnapshotConfig", config)), Ct);
        var sprite = TestHost.Info(snapshotEvent, "SpriteSnapshot");
        var origin = TestHost.Info(snapshotEvent, "SpriteOriginSnapshot");
        var normal = TestHost.Info(snapshotEvent, "NormalSnapshot");

        Assert.Equal(2, sprite.GetProperty("SnapshotCount").GetInt32());
        Assert.Equal(8, origin.GetProperty("SnapshotCount").GetInt32());
        Assert.Equal(8, normal.GetProperty("SnapshotCount").GetInt32());
        var expectedFrames = Enumerable.Range(0, 8).Select(k => k * 500 / 40).ToList();
        for (var sheet = 0; sheet < 2; sheet++)
        {
            using var image = Image.Load<Rgb24>(await _service.DownloadAsync(TestHost.ImageUrl(sprite, sheet + 1), Ct));
            Assert.Equal((2 * 6) + (3 * 40) + (2 * 4), image.Width);
            Assert.Equal((2 * 6) + (2 * 30) + 4, image.Height);
            AssertGreen(image[2, 2]);
            AssertGreen(image[6 + 40 + 2, 20]);
            for (var cell = 0; cell < 6; cell++)
            {
                var index = (sheet * 6) + cell;
                var (x, y) = (6 + (cell % 3 * 44), 6 + (cell / 3 * 34));
                var (luma, blue) = FrameIdentity.AverageLumaAndBlue(image, new Rectangle(x + 8, y + 8, 24, 14));
                if (index < 8)
                {
                    Assert.Equal(expectedFrames[index], FrameIdentity.FrameOf(luma, blue));
                }
                else
                {
                    AssertGreen(image[x + 20, y + 15]);
                }
            }
        }

        var cellImage = FrameIdentity.Read(await _service.DownloadAsync(TestHost.ImageUrl(origin, 3), Ct));
        Assert.Equal((40, 30, expectedFrames[2]), (cellImage.Width, cellImage.Height, cellImage.Frame));
    }

    [Fact(Timeout = 60_000)]
    public async Task KeepCellPic_delete_reports_no_cell_images()
    {
        var video = await _service.RegisterAsync(_clips.Ramp, ct: Ct);

        var (_, snapshotEvent) = await _service.SnapshotAsync(video, P(("Count", "2"), ("SpriteSnapshotConfig", """{"CellWidth":"32","Columns":"2","Lines":"1","KeepCellPic":"delete"}""")), Ct);

        var types = snapshotEvent.GetProperty("SnapshotInfos").EnumerateArray().Select(i => i.GetProperty("SnapshotType").GetString()).ToList();
        Assert.Equal(["NormalSnapshot", "SpriteSnapshot"], types);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_job_whose_times_all_lie_past_the_end_fails_in_the_callback()
    {
        var video = await _service.RegisterAsync(_clips.Ramp, ct: Ct);

        var (jobId, snapshotEvent) = await _service.SnapshotAsync(video, P(("SpecifiedOffsetTime", "4000"), ("UserData", """{"Extend":"mine"}""")), Ct);

        Assert.Equal("fail", snapshotEvent.GetProperty("Status").GetString());
        Assert.Equal("InvalidParameter.SpecifiedOffsetTime", snapshotEvent.GetProperty("ErrorCode").GetString());
        Assert.Equal("mine", snapshotEvent.GetProperty("Extend").GetString());
        Assert.Equal(jobId, snapshotEvent.GetProperty("JobId").GetString());
        Assert.False(snapshotEvent.TryGetProperty("SnapshotInfos", out _));
    }

    [Fact(Timeout = 60_000)]
    public async Task A_source_that_vanished_fails_the_job_with_a_clear_error()
    {
        var video = await _service.RegisterAsync(_clips.Ramp, ct: Ct);
        await using (var scope = _service.Services.CreateAsyncScope())
        {
            File.Delete(scope.ServiceProvider.GetRequiredService<VodDbContext>().Videos.Single(v => v.Id == video).SourcePath);
        }

        var (_, snapshotEvent) = await _service.SnapshotAsync(video, P(("SpecifiedOffsetTime", "1000")), Ct);

        Assert.Equal("fail", snapshotEvent.GetProperty("Status").GetString());
        Assert.Equal("InvalidParameter.ResourceNotFound", snapshotEvent.GetProperty("ErrorCode").GetString());
    }

    [Fact(Timeout = 60_000)]
    public async Task Callbacks_go_to_the_job_url_then_the_registration_url_then_the_global_url_and_echo_Extend()
    {
        var jobUrl = _service.Receiver.Url("/job");
        var registrationUrl = _service.Receiver.Url("/registration");
        var plain = await _service.RegisterAsync(_clips.Ramp, ct: Ct);
        var withUrl = await _service.RegisterAsync(_clips.Ramp, JsonSerializer.Serialize(new { MessageCallback = new { CallbackURL = registrationUrl } }), Ct);

        var paths = new List<string>();
        foreach (var (video, userData) in new[] { (withUrl, JsonSerializer.Serialize(new { MessageCallback = new { CallbackURL = jobUrl }, Extend = new { k = "v" } })), (withUrl, "{}"), (plain, "{}") })
        {
            var (jobId, snapshotEvent) = await _service.SnapshotAsync(video, P(("UserData", userData)), Ct);
            paths.Add(_service.Receiver.All.Last(c => c.Body.Contains(jobId, StringComparison.Ordinal)).Path);
            if (paths.Count == 1)
            {
                Assert.Equal("""{"k":"v"}""", snapshotEvent.GetProperty("Extend").GetString());
            }
        }

        Assert.Equal(["/job", "/registration", "/global"], paths);
        var delivered = _service.Receiver.All.Last();
        Assert.StartsWith("application/json", delivered.Headers["Content-Type"], StringComparison.Ordinal);
    }

    [Theory(Timeout = 60_000)]
    [InlineData("Width", "4097", "InvalidParameter", "Width")]
    [InlineData("Width", "7", "InvalidParameter", "Width")]
    [InlineData("Height", "abc", "InvalidParameter", "Height")]
    [InlineData("Count", "0", "InvalidParameter", "Count")]
    [InlineData("Interval", "-1", "InvalidParameter", "Interval")]
    [InlineData("SpecifiedOffsetTime", "-5", "InvalidParameter", "SpecifiedOffsetTime")]
    [InlineData("SpecifiedOffsetTimes", "[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31]", "InvalidParameter", "SpecifiedOffsetTimes")]
    [InlineData("SpriteSnapshotConfig", "{\"Columns\":0}", "InvalidParameter.SpriteSnapshotConfig", "Columns")]
    [InlineData("SpriteSnapshotConfig", "{\"Color\":\"rgb(1,2,3)\"}", "InvalidParameter.SpriteSnapshotConfig", "Color")]
    public async Task Bad_parameters_are_refused_before_anything_is_stored(string name, string value, string code, string named)
    {
        var video = await _service.RegisterAsync(_clips.Ramp, ct: Ct);

        var (status, body) = await _service.CallAsync("SubmitSnapshotJob", P(("VideoId", video), (name, value)), Ct);

        Assert.Equal(400, status);
        Assert.Equal(code, body.GetProperty("Code").GetString());
        Assert.Contains(named, body.GetProperty("Message").GetString(), StringComparison.Ordinal);
        var (_, list) = await _service.CallAsync("ListSnapshots", P(("VideoId", video), ("SnapshotType", "NormalSnapshot")), Ct);
        Assert.Equal(0, list.GetProperty("MediaSnapshot").GetProperty("Total").GetInt64());
    }

    [Fact(Timeout = 60_000)]
    public async Task An_Extend_over_512_bytes_is_refused()
    {
        var video = await _service.RegisterAsync(_clips.Ramp, ct: Ct);

        var (status, body) = await _service.CallAsync("SubmitSnapshotJob", P(("VideoId", video), ("UserData", JsonSerializer.Serialize(new { Extend = new string('x', 513) }))), Ct);

        Assert.Equal((400, "InvalidParameter"), (status, body.GetProperty("Code").GetString()));
        Assert.Contains("Extend", body.GetProperty("Message").GetString(), StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task Unknown_videos_and_illegal_statuses_are_refused()
    {
        var unplayable = await _service.RegisterAsync(_clips.AudioOnly, ct: Ct);
        var blocked = await _service.RegisterAsync(_clips.Ramp, ct: Ct);
        await _service.CallAsync("CreateAudit", P(("AuditContent", $$"""[{"VideoId":"{{blocked}}","Status":"Blocked"}]""")), Ct);

        var (missingStatus, missing) = await _service.CallAsync("SubmitSnapshotJob", P(("VideoId", "0123456789abcdef0123456789abcdef")), Ct);
        var (illegalStatus, illegal) = await _service.CallAsync("SubmitSnapshotJob", P(("VideoId", unplayable)), Ct);
        var (blockedStatus, _) = await _service.CallAsync("SubmitSnapshotJob", P(("VideoId", blocked)), Ct);
        var (noVideoStatus, noVideo) = await _service.CallAsync("SubmitSnapshotJob", P(("Count", "1")), Ct);

        Assert.Equal((404, "InvalidVideo.NotFound"), (missingStatus, missing.GetProperty("Code").GetString()));
        Assert.Equal((400, "Forbidden.IllegalStatus"), (illegalStatus, illegal.GetProperty("Code").GetString()));
        Assert.Equal(200, blockedStatus);
        Assert.Equal((400, "MissingParameter"), (noVideoStatus, noVideo.GetProperty("Code").GetString()));
    }

    [Fact(Timeout = 60_000)]
    public async Task ListSnapshots_pages_the_latest_successful_job_of_each_type()
    {
        var video = await _service.RegisterAsync(_clips.Ramp, ct: Ct);
        var (first, _) = await _service.SnapshotAsync(video, P(("Count", "5"), ("Interval", "0"), ("SpriteSnapshotConfig", "{\"CellWidth\":16,\"Columns\":2,\"Lines\":2}")), Ct);
        await _service.SnapshotAsync(video, P(("SpecifiedOffsetTime", "9000")), Ct);
        var coverJob = TestHost.Info(await _service.Receiver.CoverEventOfAsync(video, TimeSpan.FromSeconds(60), Ct), "CoverSnapshot").GetProperty("JobId").GetString();

        var (_, page2) = await _service.CallAsync("ListSnapshots", P(("VideoId", video), ("SnapshotType", "NormalSnapshot"), ("PageNo", "2"), ("PageSize", "2")), Ct);
        var (_, sprites) = await _service.CallAsync("ListSnapshots", P(("VideoId", video), ("SnapshotType", "SpriteSnapshot")), Ct);
        var (_, covers) = await _service.CallAsync("ListSnapshots", P(("VideoId", video), ("SnapshotType", "CoverSnapshot")), Ct);
        var (badStatus, bad) = await _service.CallAsync("ListSnapshots", P(("VideoId", video), ("PageSize", "101")), Ct);

        var media = page2.GetProperty("MediaSnapshot");
        Assert.Equal(first, media.GetProperty("JobId").GetString());
        Assert.Equal(5, media.GetProperty("Total").GetInt64());
        var items = media.GetProperty("Snapshots").GetProperty("Snapshot").EnumerateArray().ToList();
        Assert.Equal([3L, 4], items.Select(i => i.GetProperty("Index").GetInt64()));
        Assert.Equal(media.GetProperty("Regular").GetString()!.Replace("{SnapshotCount}", "00003", StringComparison.Ordinal), items[0].GetProperty("Url").GetString());
        Assert.Equal(2, sprites.GetProperty("MediaSnapshot").GetProperty("Total").GetInt64());
        // Covers are the video's cover job's own, whatever jobs were submitted after it.
        Assert.Equal((coverJob, 2L), (covers.GetProperty("MediaSnapshot").GetProperty("JobId").GetString(), covers.GetProperty("MediaSnapshot").GetProperty("Total").GetInt64()));
        Assert.Equal((400, "InvalidParameter"), (badStatus, bad.GetProperty("Code").GetString()));
        var download = FrameIdentity.Read(await _service.DownloadAsync(items[0].GetProperty("Url").GetString()!, Ct));
        Assert.Equal(1600 / 40, download.Frame);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_new_job_replaces_what_ListSnapshots_shows()
    {
        var video = await _service.RegisterAsync(_clips.Ramp, ct: Ct);
        await _service.SnapshotAsync(video, P(("Count", "3")), Ct);
        var (second, _) = await _service.SnapshotAsync(video, P(("SpecifiedOffsetTime", "2500")), Ct);

        var (_, list) = await _service.CallAsync("ListSnapshots", P(("VideoId", video), ("SnapshotType", "NormalSnapshot")), Ct);

        Assert.Equal(second, list.GetProperty("MediaSnapshot").GetProperty("JobId").GetString());
        Assert.Equal(1, list.GetProperty("MediaSnapshot").GetProperty("Total").GetInt64());
    }

    private static void AssertGreen(Rgb24 pixel) =>
        Assert.True(pixel.G > 200 && pixel.R < 60 && pixel.B < 60, string.Create(CultureInfo.InvariantCulture, $"expected green, got {pixel}"));
}

/// <summary>The same tests on PostgreSQL, its rows and its job queues.</summary>
public sealed class SubmitSnapshotJobOnPostgreSqlTests : SubmitSnapshotJobTests, IClassFixture<HostWithReceiverOnPostgreSql>
{
    public SubmitSnapshotJobOnPostgreSqlTests(HostWithReceiverOnPostgreSql service, TestClips clips)
        : base(service, clips) => TestDatabase.SkipIfUnavailable();
}
