using System.Text.Json;
using VodSnapshot.Tests.TestSupport;

namespace VodSnapshot.Tests.Console;

/// <summary>
/// The emulator reads the console draws from: <c>GET /_emulator/jobs</c> (the newest jobs) and
/// <c>GET /_emulator/jobs/{JobId}/images</c> (resolved parameters, every image with its requested and real frame time,
/// the sprite grid).
/// </summary>
public class JobReadsTests(HostWithReceiver service, TestClips clips) : IClassFixture<HostWithReceiver>, IClassFixture<TestClips>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact(Timeout = 90_000)]
    public async Task A_sprite_job_lists_its_images_with_requested_and_frame_times_and_its_cells_in_the_grid()
    {
        using var client = service.CreateClient();
        var video = await service.RegisterAsync(clips.Ramp, ct: Ct);
        var jobId = await client.SubmitAsync(video, new Dictionary<string, string>
        {
            ["SpecifiedOffsetTime"] = "210",
            ["Count"] = "5",
            ["Interval"] = "0",
            ["SpriteSnapshotConfig"] = """{"CellWidth":40,"Columns":2,"Lines":2,"Padding":3,"Margin":5,"KeepCellPic":"keep"}""",
        }, ct: Ct);
        await client.WaitForJobAsync(jobId, j => j.GetProperty("Status").GetString() == "Succeeded", Patience, Ct);

        var (status, body) = await client.GetJsonAsync($"/_emulator/jobs/{jobId}/images", Ct);

        Assert.Equal(200, status);
        var requested = body.GetProperty("Parameters").GetProperty("TimesMs").EnumerateArray().Select(t => t.GetInt64()).ToList();
        Assert.Equal(5, requested.Count);
        var images = body.GetProperty("Images").EnumerateArray().ToList();
        var normal = images.Where(i => i.GetProperty("Type").GetString() == "NormalSnapshot").ToList();
        Assert.Equal([1, 2, 3, 4, 5], normal.Select(i => i.GetProperty("Index").GetInt32()));
        Assert.Equal(requested, normal.Select(i => i.GetProperty("RequestedTimeMs").GetInt64()));
        // The ramp has a frame every 40 ms: each real time is the frame showing at the requested time.
        foreach (var image in normal)
        {
            var asked = image.GetProperty("RequestedTimeMs").GetInt64();
            var frame = image.GetProperty("PresentationTimeMs").GetInt64();
            Assert.InRange(asked - frame, 0, 39);
            Assert.Equal(0, frame % 40);
        }

        var sheets = images.Where(i => i.GetProperty("Type").GetString() == "SpriteSnapshot").ToList();
        Assert.Equal(2, sheets.Count);
        Assert.All(sheets, s => Assert.Equal(JsonValueKind.Null, s.GetProperty("RequestedTimeMs").ValueKind));
        Assert.Equal(5, images.Count(i => i.GetProperty("Type").GetString() == "SpriteOriginSnapshot"));
        using var sheetImage = await client.GetStreamAsync(new Uri(sheets[0].GetProperty("Url").GetString()!).PathAndQuery, Ct);
        var info = await SixLabors.ImageSharp.Image.IdentifyAsync(sheetImage, Ct);

        var sprite = body.GetProperty("Sprite");
        Assert.Equal((info.Width, info.Height), (sprite.GetProperty("SheetWidth").GetInt32(), sprite.GetProperty("SheetHeight").GetInt32()));
        Assert.Equal((40, 2, 2, 3, 5), (sprite.GetProperty("CellWidth").GetInt32(), sprite.GetProperty("Columns").GetInt32(), sprite.GetProperty("Lines").GetInt32(),
            sprite.GetProperty("Padding").GetInt32(), sprite.GetProperty("Margin").GetInt32()));
        var cellHeight = sprite.GetProperty("CellHeight").GetInt32();
        var cells = sprite.GetProperty("Cells").EnumerateArray().ToList();
        Assert.Equal(
            [(1, 1, 5, 5), (2, 1, 48, 5), (3, 1, 5, 8 + cellHeight), (4, 1, 48, 8 + cellHeight), (5, 2, 5, 5)],
            cells.Select(c => (c.GetProperty("Cell").GetInt32(), c.GetProperty("Sheet").GetInt32(), c.GetProperty("X").GetInt32(), c.GetProperty("Y").GetInt32())));
        Assert.Equal(normal.Select(i => i.GetProperty("PresentationTimeMs").GetInt64()), cells.Select(c => c.GetProperty("PresentationTimeMs").GetInt64()));
    }

    [Fact(Timeout = 90_000)]
    public async Task The_job_list_is_newest_first_and_filters_by_video_and_status()
    {
        using var client = service.CreateClient();
        var video = await service.RegisterAsync(clips.Ramp, ct: Ct);
        var first = await client.SubmitAsync(video, new Dictionary<string, string> { ["Count"] = "1" }, ct: Ct);
        var second = await client.SubmitAsync(video, new Dictionary<string, string>
        {
            ["Count"] = "4",
            ["SpriteSnapshotConfig"] = """{"CellWidth":40,"Columns":2,"Lines":2}""",
        }, ct: Ct);
        await client.WaitForJobAsync(second, j => j.GetProperty("Status").GetString() == "Succeeded", Patience, Ct);
        await client.WaitForJobAsync(first, j => j.GetProperty("Status").GetString() == "Succeeded", Patience, Ct);

        var (status, body) = await client.GetJsonAsync($"/_emulator/jobs?videoId={video}", Ct);

        Assert.Equal(200, status);
        // Oldest last: the video's automatic cover job, made at registration.
        var all = body.GetProperty("Jobs").EnumerateArray().ToList();
        Assert.Equal("Cover", all[^1].GetProperty("Kind").GetString());
        var jobs = all[..^1];
        Assert.Equal([second, first], jobs.Select(j => j.GetProperty("JobId").GetString()));
        Assert.Equal(["Sprite", "Normal"], jobs.Select(j => j.GetProperty("Kind").GetString()));
        Assert.Equal([4, 1], jobs.Select(j => j.GetProperty("Count").GetInt32()));
        Assert.All(jobs, j => Assert.False(string.IsNullOrEmpty(j.GetProperty("Strategy").GetString())));

        var (_, limited) = await client.GetJsonAsync($"/_emulator/jobs?videoId={video}&status=succeeded&limit=1", Ct);
        Assert.Equal(second, Assert.Single(limited.GetProperty("Jobs").EnumerateArray()).GetProperty("JobId").GetString());
        var (_, none) = await client.GetJsonAsync($"/_emulator/jobs?videoId={video}&status=Failed", Ct);
        Assert.Empty(none.GetProperty("Jobs").EnumerateArray());
    }

    [Theory(Timeout = 30_000)]
    [InlineData("videoId=ABC")]
    [InlineData("videoId=..%2F..%2Fvod.db")]
    [InlineData("status=Done")]
    [InlineData("status=1")]
    [InlineData("status=Running,Failed")]
    [InlineData("limit=0")]
    [InlineData("limit=101")]
    [InlineData("limit=-1")]
    [InlineData("limit=%2B5")]
    [InlineData("limit=99999999999999999999")]
    public async Task Bad_list_filters_are_refused_with_a_problem(string query)
    {
        using var client = service.CreateClient();

        var (status, body) = await client.GetJsonAsync("/_emulator/jobs?" + query, Ct);

        Assert.Equal(400, status);
        Assert.True(body.TryGetProperty("errors", out _), body.ToString());
    }

    [Theory(Timeout = 30_000)]
    [InlineData("0123456789abcdef0123456789abcdef")]
    [InlineData("0123456789ABCDEF0123456789ABCDEF")]
    [InlineData("..%2F..%2Fvod.db")]
    public async Task Images_of_unknown_or_malformed_jobs_answer_404(string jobId)
    {
        using var client = service.CreateClient();

        var (status, _) = await client.GetJsonAsync($"/_emulator/jobs/{jobId}/images", Ct);

        Assert.Equal(404, status);
    }
}
