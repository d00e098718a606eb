using VodSnapshot.Media.Probing;

namespace VodSnapshot.Tests.Media;

/// <summary>The pure parser of ffprobe's report, fed recorded (and trimmed) ffprobe 5.1 output.</summary>
[Trait("Category", "Unit")]
public sealed class FfprobeReportTests
{
    private const string Format = """
        "format": { "filename": "a.mp4", "nb_streams": 1, "format_name": "mov,mp4,m4a,3gp,3g2,mj2",
                    "start_time": "0.000000", "duration": "1.000000", "size": "2231", "probe_score": 100 }
        """;

    [Fact]
    public void An_anamorphic_stream_displays_wider_than_it_is_coded()
    {
        var probe = FfprobeReport.Parse(Report(Stream(width: 120, height: 90, extra: "\"sample_aspect_ratio\": \"4:3\", \"display_aspect_ratio\": \"16:9\",")), 2231);

        Assert.True(probe.HasVideo);
        Assert.Equal((120, 90), (probe.Width, probe.Height));
        Assert.Equal((160, 90), (probe.DisplayWidth, probe.DisplayHeight));
        Assert.Equal(2231, probe.SizeBytes);
        Assert.Equal("h264", probe.VideoCodec);
        Assert.Equal("mov,mp4,m4a,3gp,3g2,mj2", probe.FormatName);
    }

    [Fact]
    public void A_stream_rotated_a_quarter_turn_swaps_its_display_sides()
    {
        const string rotation = """
            "side_data_list": [ { "side_data_type": "Display Matrix", "displaymatrix": "\n00000000: 0 65536 0\n", "rotation": -90 } ],
            """;

        var probe = FfprobeReport.Parse(Report(Stream(width: 1920, height: 1080, extra: rotation)), 1);

        Assert.Equal((1920, 1080), (probe.Width, probe.Height));
        Assert.Equal((1080, 1920), (probe.DisplayWidth, probe.DisplayHeight));
    }

    [Fact]
    public void Evenly_spaced_packets_at_the_declared_rate_are_constant_rate_and_give_the_keyframe_interval()
    {
        var packets = Enumerable.Range(0, 150).Select(n => (n * 0.04, n % 50 == 0));

        var probe = FfprobeReport.Parse(Report(Stream(), Packets(packets)), 1);

        Assert.True(probe.IsConstantFrameRate);
        Assert.Equal(25, probe.FrameRate);
        Assert.Equal(TimeSpan.FromSeconds(2), probe.KeyframeInterval);
        Assert.Equal(TimeSpan.FromSeconds(1), probe.Duration);
    }

    [Fact]
    public void A_coarse_time_base_rounding_ntsc_frames_still_counts_as_constant_rate()
    {
        var packets = Enumerable.Range(0, 60).Select(n => (Math.Round(n * 1001 / 30000.0, 3), n == 0));

        var probe = FfprobeReport.Parse(Report(Stream(rate: "30000/1001", averageRate: "30000/1001", timeBase: "1/1000"), Packets(packets)), 1);

        Assert.True(probe.IsConstantFrameRate);
        Assert.Equal(30000 / 1001.0, probe.FrameRate, 6);
        Assert.Null(probe.KeyframeInterval);
    }

    [Fact]
    public void Uneven_packets_or_disagreeing_rates_are_variable_rate()
    {
        var uneven = Enumerable.Range(0, 50).Select(n => (n < 25 ? n * 0.04 : 1 + ((n - 25) * 0.08), n == 0));

        Assert.False(FfprobeReport.Parse(Report(Stream(), Packets(uneven)), 1).IsConstantFrameRate);
        Assert.False(FfprobeReport.Parse(Report(Stream(rate: "50/1", averageRate: "5000/203")), 1).IsConstantFrameRate);
    }

    [Fact]
    public void Duration_comes_from_the_stream_when_the_container_has_none()
    {
        var json = $$"""{ "streams": [ {{Stream()}} ], "format": { "format_name": "h264", "duration": "N/A" } }""";

        Assert.Equal(TimeSpan.FromSeconds(1), FfprobeReport.Parse(json, 1).Duration);
    }

    [Fact]
    public void Audio_with_cover_art_has_no_video()
    {
        // With -select_streams V:0 ffprobe leaves the attached picture out; older reports may still list it.
        const string json = """
            { "streams": [ { "index": 1, "codec_name": "mjpeg", "codec_type": "video", "width": 64, "height": 64,
                             "disposition": { "default": 0, "attached_pic": 1 } } ],
              "format": { "format_name": "mp3", "duration": "1.044875", "start_time": "0.025057" } }
            """;

        var probe = FfprobeReport.Parse(json, 10);

        Assert.False(probe.HasVideo);
        Assert.Equal(TimeSpan.FromSeconds(1.044875), probe.Duration);
        Assert.Equal("mp3", probe.FormatName);
        Assert.Equal(FfprobeReport.Parse("""{ "streams": [], "format": { "format_name": "mp3" } }""", 10).HasVideo, probe.HasVideo);
    }

    [Fact]
    public void A_video_stream_without_a_decoder_has_no_video()
    {
        const string json = """
            { "streams": [ { "index": 0, "codec_type": "video", "codec_tag_string": "XYZW", "width": 0, "height": 0 } ],
              "format": { "format_name": "avi", "duration": "3.000000" } }
            """;

        Assert.False(FfprobeReport.Parse(json, 1).HasVideo);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("{ }")]
    [InlineData("[]")]
    public void A_report_without_a_container_is_not_media(string json)
    {
        Assert.Throws<MediaProbeException>(() => FfprobeReport.Parse(json, 1));
    }

    [Theory]
    [InlineData("30000/1001", 29.97002997)]
    [InlineData("4:3", 1.3333333)]
    [InlineData("0/0", 0)]
    [InlineData("N/A", 0)]
    [InlineData(null, 0)]
    [InlineData("25", 25)]
    public void Rationals_parse_in_both_notations(string? text, double expected)
    {
        Assert.Equal(expected, FfprobeReport.Rational(text), 6);
    }

    [Theory]
    [InlineData("12.345678", 12.345678)]
    [InlineData("0:00:01.040000", 1.04)]
    [InlineData("1:02:03.500000", 3723.5)]
    [InlineData("-0:00:00.040000", -0.04)]
    public void Seconds_parse_plain_and_sexagesimal(string text, double expected)
    {
        Assert.Equal(TimeSpan.FromTicks((long)Math.Round(expected * TimeSpan.TicksPerSecond)), FfprobeReport.ParseSeconds(text));
    }

    [Theory]
    [InlineData("N/A")]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("1:2")]
    public void Unreadable_seconds_are_unknown(string? text)
    {
        Assert.Null(FfprobeReport.ParseSeconds(text));
    }

    [Fact]
    public void A_sexagesimal_report_as_ffprobe_writes_it_for_FFMpegCore_reads_the_same()
    {
        var report = Report(Stream(), Packets(Enumerable.Range(0, 50).Select(i => (i * 0.04, i % 25 == 0))));
        var sexagesimalReport = report
            .Replace("\"pts_time\": \"", "\"pts_time\": \"0:00:0", StringComparison.Ordinal)
            .Replace("\"0.000000\"", "\"0:00:00.000000\"", StringComparison.Ordinal)
            .Replace("\"1.000000\"", "\"0:00:01.000000\"", StringComparison.Ordinal);
        var plain = FfprobeReport.Parse(report, 1);
        var sexagesimal = FfprobeReport.Parse(sexagesimalReport, 1);

        Assert.Equal(plain, sexagesimal);
        Assert.True(sexagesimal.IsConstantFrameRate);
        Assert.Equal(TimeSpan.FromSeconds(1), sexagesimal.KeyframeInterval);
    }

    [Theory]
    [InlineData("/media/plain name.mp4", true)]
    [InlineData("/media/with \\ inside.mp4", true)]
    [InlineData("/media/a \"quoted\" name.mp4", false)]
    [InlineData("/media/ends in a backslash\\", false)]
    public void Only_names_ffprobe_can_be_given_are_probed(string path, bool expected)
    {
        Assert.Equal(expected, FfprobeReport.CanBeNamed(path));
    }

    private static string Report(string stream, string packets = "") =>
        $$"""{ {{packets}} "streams": [ {{stream}} ], {{Format}} }""";

    private static string Stream(int width = 160, int height = 90, string rate = "25/1", string? averageRate = null, string timeBase = "1/12800", string extra = "") =>
        $$"""
        { "index": 0, "codec_name": "h264", "codec_type": "video", "width": {{width}}, "height": {{height}}, {{extra}}
          "r_frame_rate": "{{rate}}", "avg_frame_rate": "{{averageRate ?? rate}}", "time_base": "{{timeBase}}",
          "start_time": "0.000000", "duration": "1.000000", "disposition": { "default": 1, "attached_pic": 0 } }
        """;

    /// <summary>Packets in decode order as ffprobe lists them: B-frames make presentation times jump back and forth.</summary>
    private static string Packets(IEnumerable<(double Time, bool Key)> packets)
    {
        var list = packets.ToList();
        for (var i = 1; i + 1 < list.Count; i += 3)
        {
            (list[i], list[i + 1]) = (list[i + 1], list[i]);
        }

        var items = list.Select(p => $$"""{ "pts_time": "{{p.Time.ToString("0.000000", System.Globalization.CultureInfo.InvariantCulture)}}", "flags": "{{(p.Key ? "K_" : "__")}}" }""");
        return $"\"packets\": [ {string.Join(", ", items)} ],";
    }
}
