using System.Text.Json;
using VodSnapshot.Api.Features.Snapshots;
using VodSnapshot.Api.Features.Snapshots.WebVtt;
using VodSnapshot.Api.Persistence;
using VodSnapshot.Media.Extraction;
using VodSnapshot.Media.Sprites;

namespace VodSnapshot.Tests.WebVtt;

[Trait("Category", "Unit")]
public class WebVttTrackTests
{
    // 3 columns × 2 lines of 160×90 cells, 4 px apart, 10 px from the edge: 508×204 sheets.
    private static readonly SpriteSheetLayout Layout = new(CellWidth: 160, CellHeight: 90, Columns: 3, Lines: 2, Padding: 4, Margin: 10);

    private static readonly long[] EightTimes = [0, 1000, 2000, 3000, 4000, 5000, 6000, 7000];

    private static readonly string[] TwoSheets = ["http://cdn.test/v/snapshots/sprite/j-00001.jpg", "http://cdn.test/v/snapshots/sprite/j-00002.jpg"];

    [Fact]
    public void Cue_i_runs_from_cell_i_to_cell_i_plus_1_and_the_last_to_the_end_of_the_video()
    {
        var track = WebVttTrack.ForSheets([0, 1000, 2500], 4000, Layout, [TwoSheets[0]]);

        Assert.Equal(
            new[] { (0L, 1000L), (1000L, 2500L), (2500L, 4000L) },
            track.Cues.Select(c => (c.StartMs, c.EndMs)));
        Assert.Equal(new[] { 1, 2, 3 }, track.Cues.Select(c => c.Index));
    }

    [Fact]
    public void The_first_cue_starts_at_the_first_cell_not_at_zero()
    {
        var track = WebVttTrack.ForSheets([5000, 6000], 6500, Layout, [TwoSheets[0]]);

        Assert.Equal(5000, track.Cues[0].StartMs);
        Assert.Equal(6500, track.Cues[^1].EndMs);
    }

    [Theory]
    [InlineData(0, "00:00:00.000")]
    [InlineData(1, "00:00:00.001")]
    [InlineData(999, "00:00:00.999")]
    [InlineData(61_001, "00:01:01.001")]
    [InlineData(3_723_004, "01:02:03.004")]
    [InlineData(86_399_999, "23:59:59.999")]
    [InlineData(360_000_000, "100:00:00.000")]
    public void Timestamps_are_hours_minutes_seconds_and_milliseconds(long ms, string expected)
    {
        Assert.Equal(expected, WebVttTrack.Timestamp(ms));
    }

    [Fact]
    public void Each_cue_points_at_its_cell_in_its_sheet_as_the_layout_places_it()
    {
        var track = WebVttTrack.ForSheets(EightTimes, 8000, Layout, TwoSheets);

        for (var i = 0; i < EightTimes.Length; i++)
        {
            var (sheet, x, y) = Layout.Place(i);
            Assert.Equal($"{TwoSheets[sheet]}#xywh={x},{y},160,90", track.Cues[i].Url);
            Assert.Equal((sheet + 1, x, y, 160, 90), (track.Cues[i].Sheet!.Value, track.Cues[i].X, track.Cues[i].Y, track.Cues[i].Width, track.Cues[i].Height));
        }

        // Margin, then a cell plus padding per step; the seventh cell starts the second sheet.
        Assert.Equal(TwoSheets[0] + "#xywh=10,10,160,90", track.Cues[0].Url);
        Assert.Equal(TwoSheets[0] + "#xywh=338,10,160,90", track.Cues[2].Url);
        Assert.Equal(TwoSheets[0] + "#xywh=174,104,160,90", track.Cues[4].Url);
        Assert.Equal(TwoSheets[1] + "#xywh=10,10,160,90", track.Cues[6].Url);
        Assert.Equal(TwoSheets[1] + "#xywh=174,10,160,90", track.Cues[7].Url);
    }

    [Fact]
    public void Sheets_report_their_full_pixel_size_and_the_part_of_the_grid_in_use()
    {
        var track = WebVttTrack.ForSheets(EightTimes, 8000, Layout, TwoSheets);

        Assert.Equal(new WebVttSheet(1, TwoSheets[0], 508, 204, Columns: 3, Rows: 2, Cells: 6, FirstCue: 1), track.Sheets[0]);
        Assert.Equal(new WebVttSheet(2, TwoSheets[1], 508, 204, Columns: 2, Rows: 1, Cells: 2, FirstCue: 7), track.Sheets[1]);
    }

    [Fact]
    public void A_last_sheet_with_more_than_one_row_reports_every_column()
    {
        var layout = new SpriteSheetLayout(16, 9, Columns: 3, Lines: 3, Padding: 0, Margin: 0);
        var times = Enumerable.Range(0, 14).Select(i => i * 100L).ToList();

        var track = WebVttTrack.ForSheets(times, 1400, layout, ["http://h/1.jpg", "http://h/2.jpg"]);

        Assert.Equal((3, 2, 5), (track.Sheets[1].Columns, track.Sheets[1].Rows, track.Sheets[1].Cells));
    }

    [Fact]
    public void The_vtt_text_is_a_header_then_numbered_cues()
    {
        var layout = new SpriteSheetLayout(16, 9, Columns: 2, Lines: 1, Padding: 0, Margin: 0);

        var vtt = WebVttTrack.ForSheets([0, 1000, 61_500], 3_723_004, layout, ["http://h/s1.jpg", "http://h/s2.jpg"]).ToVtt();

        Assert.Equal(
            """
            WEBVTT

            1
            00:00:00.000 --> 00:00:01.000
            http://h/s1.jpg#xywh=0,0,16,9

            2
            00:00:01.000 --> 00:01:01.500
            http://h/s1.jpg#xywh=16,0,16,9

            3
            00:01:01.500 --> 01:02:03.004
            http://h/s2.jpg#xywh=0,0,16,9

            """.ReplaceLineEndings("\n"),
            vtt);
    }

    [Fact]
    public void Separate_images_put_each_cell_image_url_in_its_cue()
    {
        string[] cells = ["http://h/c1.jpg", "http://h/c2.jpg"];

        var track = WebVttTrack.ForImages([0, 500], 900, 160, 90, cells);

        Assert.Equal(cells, track.Cues.Select(c => c.Url));
        Assert.All(track.Cues, c => Assert.Null(c.Sheet));
        Assert.Empty(track.Sheets);
        Assert.Contains("00:00:00.500 --> 00:00:00.900\nhttp://h/c2.jpg\n", track.ToVtt(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_manifest_holds_the_grid_the_sheets_and_each_cell_with_its_frame_time()
    {
        long[] frameTimes = [0, 960, 2000, 2960, 4000, 4960, 6000, 6960];

        using var manifest = JsonDocument.Parse(WebVttTrack.ForSheets(EightTimes, 8000, Layout, TwoSheets, frameTimes).ToManifestJson());

        var root = manifest.RootElement;
        Assert.Equal(1, root.GetProperty("Version").GetInt32());
        Assert.Equal(8000, root.GetProperty("DurationMs").GetInt64());
        Assert.True(root.GetProperty("Combined").GetBoolean());
        var grid = root.GetProperty("Grid");
        Assert.Equal((3, 2, 160, 90, 4, 10), (grid.GetProperty("Columns").GetInt32(), grid.GetProperty("Lines").GetInt32(),
            grid.GetProperty("CellWidth").GetInt32(), grid.GetProperty("CellHeight").GetInt32(), grid.GetProperty("Padding").GetInt32(), grid.GetProperty("Margin").GetInt32()));
        var last = root.GetProperty("Sheets")[1];
        Assert.Equal((508, 204, 2, 1, 2), (last.GetProperty("Width").GetInt32(), last.GetProperty("Height").GetInt32(),
            last.GetProperty("Columns").GetInt32(), last.GetProperty("Rows").GetInt32(), last.GetProperty("Cells").GetInt32()));
        var cue = root.GetProperty("Cues")[3];
        Assert.Equal((4, 3000, 4000, 2960), (cue.GetProperty("Index").GetInt32(), cue.GetProperty("StartMs").GetInt64(),
            cue.GetProperty("EndMs").GetInt64(), cue.GetProperty("FrameTimeMs").GetInt64()));
        Assert.Equal(1, cue.GetProperty("Sheet").GetInt32());
    }

    [Fact]
    public void Without_frame_times_each_cell_reports_its_asked_time()
    {
        var track = WebVttTrack.ForImages([100, 200], 300, 8, 8, ["http://h/1.jpg", "http://h/2.jpg"]);

        Assert.Equal(new long[] { 100, 200 }, track.Cues.Select(c => c.FrameTimeMs));
    }

    [Fact]
    public void A_separate_image_manifest_has_no_grid_and_no_sheets()
    {
        using var manifest = JsonDocument.Parse(WebVttTrack.ForImages([0], 10, 8, 8, ["http://h/1.jpg"]).ToManifestJson());

        Assert.False(manifest.RootElement.GetProperty("Combined").GetBoolean());
        Assert.False(manifest.RootElement.TryGetProperty("Grid", out _));
        Assert.Equal(0, manifest.RootElement.GetProperty("Sheets").GetArrayLength());
    }

    [Fact]
    public void Inputs_that_would_make_a_broken_track_are_refused()
    {
        Assert.Throws<ArgumentException>(() => WebVttTrack.ForSheets([], 1000, Layout, []));
        Assert.Throws<ArgumentException>(() => WebVttTrack.ForSheets([0, 0], 1000, Layout, [TwoSheets[0]]));
        Assert.Throws<ArgumentException>(() => WebVttTrack.ForSheets([500, 100], 1000, Layout, [TwoSheets[0]]));
        Assert.Throws<ArgumentException>(() => WebVttTrack.ForSheets([-1], 1000, Layout, [TwoSheets[0]]));
        Assert.Throws<ArgumentOutOfRangeException>(() => WebVttTrack.ForSheets([0, 1000], 1000, Layout, [TwoSheets[0]]));
        Assert.Throws<ArgumentException>(() => WebVttTrack.ForSheets(EightTimes, 8000, Layout, [TwoSheets[0]]));
        Assert.Throws<ArgumentException>(() => WebVttTrack.ForSheets([0], 1000, Layout, ["http://h/a.jpg\n00:00:00.000 --> 00:00:01.000"]));
        Assert.Throws<ArgumentException>(() => WebVttTrack.ForImages([0, 1], 1000, 8, 8, ["http://h/a.jpg"]));
        Assert.Throws<ArgumentException>(() => WebVttTrack.ForImages([0, 1], 1000, 8, 8, ["http://h/a.jpg", "http://h/b.jpg"], [0]));
    }

    [Theory]
    [InlineData(true, "sprite")]
    [InlineData(false, "spriteorigin")]
    public async Task The_runner_step_writes_the_track_and_manifest_pointing_at_the_jobs_public_urls(bool combined, string kind)
    {
        var work = Directory.CreateTempSubdirectory("vodsnapshot-webvtt-").FullName;
        try
        {
            var job = new SnapshotJob { Id = new string('a', 32), VideoId = new string('b', 32), Spec = "{}", PublicBaseUrl = "http://cdn.test/" };
            ExtractedFrame[] frames =
            [
                new(1, TimeSpan.FromMilliseconds(0), TimeSpan.Zero, "unused"),
                new(2, TimeSpan.FromMilliseconds(1000), TimeSpan.FromMilliseconds(960), "unused"),
            ];

            var outputs = await WebVttOutputs.WriteAsync(job, new WebVttSpec(combined), Layout, frames, 1.9999, work, TestContext.Current.CancellationToken);

            Assert.Equal(2, outputs.Count);
            var (vttFile, track) = outputs[0];
            var (manifestFile, manifest) = outputs[1];
            Assert.Equal((SnapshotType.WebVtt, 1, $"{job.VideoId}/snapshots/webvtt/{job.Id}-00001.vtt"), (track.Type, track.Index, track.RelativePath));
            Assert.Equal((WebVttOutputs.ManifestType, 1, $"{job.VideoId}/snapshots/webvtt/{job.Id}-00001.json"), (manifest.Type, manifest.Index, manifest.RelativePath));
            var vtt = await File.ReadAllTextAsync(vttFile, TestContext.Current.CancellationToken);
            var firstCell = $"http://cdn.test/{job.VideoId}/snapshots/{kind}/{job.Id}-00001.jpg";
            Assert.StartsWith("WEBVTT\n", vtt, StringComparison.Ordinal);
            Assert.Contains("00:00:01.000 --> 00:00:02.000\n", vtt, StringComparison.Ordinal);
            Assert.Contains(combined ? firstCell + "#xywh=10,10,160,90\n" : firstCell + "\n", vtt, StringComparison.Ordinal);
            if (!combined)
            {
                Assert.Contains($"http://cdn.test/{job.VideoId}/snapshots/spriteorigin/{job.Id}-00002.jpg\n", vtt, StringComparison.Ordinal);
            }

            using var json = JsonDocument.Parse(await File.ReadAllTextAsync(manifestFile, TestContext.Current.CancellationToken));
            Assert.Equal(960, json.RootElement.GetProperty("Cues")[1].GetProperty("FrameTimeMs").GetInt64());
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
