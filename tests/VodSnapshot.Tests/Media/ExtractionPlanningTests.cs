using VodSnapshot.Media.Extraction;
using VodSnapshot.Media.Probing;

namespace VodSnapshot.Tests.Media;

/// <summary>The pure parts of extraction: planning, strategy choice, ffmpeg arguments and log reading.</summary>
[Trait("Category", "Unit")]
public sealed class ExtractionPlanningTests
{
    private static readonly MediaProbe Probe = new(
        HasVideo: true,
        Duration: TimeSpan.FromSeconds(60),
        SizeBytes: 1,
        Width: 1920,
        Height: 1080,
        DisplayWidth: 1920,
        DisplayHeight: 1080,
        FrameRate: 25,
        IsConstantFrameRate: true,
        StartTime: TimeSpan.FromSeconds(1.4),
        KeyframeInterval: TimeSpan.FromSeconds(2),
        VideoCodec: "h264",
        FormatName: "mpegts");

    [Fact]
    public void Constant_rate_plans_floor_of_time_times_rate_on_the_source_clock_and_shares_repeated_frames()
    {
        var plan = FramePlanner.ForConstantRate(Probe, [TimeSpan.FromMilliseconds(40), TimeSpan.FromTicks(399_999), TimeSpan.FromMilliseconds(41), TimeSpan.Zero]);

        Assert.Equal([TimeSpan.FromSeconds(1.4), TimeSpan.FromSeconds(1.44)], plan.Picks.Select(p => p.Pts));
        Assert.Equal([1, 0, 1, 0], plan.PickOfTime);
        Assert.All(plan.Picks, p => Assert.Equal(TimeSpan.FromMilliseconds(20), p.Margin));
    }

    [Fact]
    public void Constant_rate_plans_hit_ntsc_frame_boundaries()
    {
        var ntsc = Probe with { FrameRate = 30000 / 1001.0, StartTime = TimeSpan.Zero };

        // 1.001 s is exactly frame 30 (30 × 1001/30000 s); 1.000 s still shows frame 29.
        var plan = FramePlanner.ForConstantRate(ntsc, [TimeSpan.FromMilliseconds(1001), TimeSpan.FromMilliseconds(1000)]);

        Assert.Equal([1, 0], plan.PickOfTime);
        Assert.InRange(plan.Picks[0].Pts.Ticks, 9_676_333 - 1, 9_676_333 + 1);
        Assert.InRange(plan.Picks[1].Pts.Ticks, 10_010_000 - 1, 10_010_000 + 1);
    }

    [Fact]
    public void The_packet_index_finds_the_last_frame_at_or_before_a_time()
    {
        var index = PacketIndex.Parse("pts_time=0.000000|flags=K_\npts_time=0.080000|flags=__\npts_time=0.040000|flags=__\npts_time=N/A|flags=__\npts_time=0.200000|flags=__\n");
        var all = new ScanCoverage(TimeSpan.MinValue, TimeSpan.MaxValue);

        Assert.Equal(TimeSpan.FromMilliseconds(80), index.LastAtOrBefore(TimeSpan.FromMilliseconds(199), all)?.Pts);
        Assert.Equal(TimeSpan.FromMilliseconds(200), index.LastAtOrBefore(TimeSpan.FromMilliseconds(200), all)?.Pts);
        Assert.Equal(TimeSpan.FromMilliseconds(40), index.LastAtOrBefore(TimeSpan.FromMilliseconds(40), all)?.Pts);

        // Half the distance to the nearer neighbour: 40 ms to either side of 40 ms.
        Assert.Equal(TimeSpan.FromMilliseconds(20), index.LastAtOrBefore(TimeSpan.FromMilliseconds(50), all)?.Margin);
    }

    [Fact]
    public void A_frame_read_by_an_earlier_window_does_not_answer_for_a_later_one()
    {
        // The seek into the second window (from 10 s) landed after its target, so the only frame before 10.5 s came from the first.
        var index = PacketIndex.Parse("pts_time=0.000000|flags=K_\npts_time=0.040000|flags=__\npts_time=12.000000|flags=K_\n");
        var range = new ScanRange([(TimeSpan.Zero, TimeSpan.FromSeconds(1)), (TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(11))]);

        Assert.Null(index.LastAtOrBefore(TimeSpan.FromSeconds(10.5), range.CoverageFor(TimeSpan.FromSeconds(10.5))));
        Assert.NotNull(index.LastAtOrBefore(TimeSpan.FromSeconds(0.5), range.CoverageFor(TimeSpan.FromSeconds(0.5))));
    }

    [Fact]
    public void The_nearest_keyframe_prefers_the_earlier_on_a_tie_and_needs_to_see_far_enough()
    {
        var index = PacketIndex.Parse("pts_time=0.000000|flags=K_\npts_time=1.000000|flags=__\npts_time=2.000000|flags=K_\npts_time=3.000000|flags=__\n");
        var all = new ScanCoverage(TimeSpan.MinValue, TimeSpan.MaxValue);

        Assert.Equal(TimeSpan.Zero, index.NearestKeyframe(TimeSpan.FromSeconds(1), all)?.Pts);
        Assert.Equal(TimeSpan.FromSeconds(2), index.NearestKeyframe(TimeSpan.FromSeconds(1.01), all)?.Pts);
        Assert.Equal(TimeSpan.FromSeconds(2), index.NearestKeyframe(TimeSpan.FromSeconds(9), all)?.Pts);

        // Read only to 3 s: a keyframe at 3.5 s could be nearer to 3.2 s than the one at 2 s, so the scan cannot tell.
        Assert.Null(index.NearestKeyframe(TimeSpan.FromSeconds(3.2), new ScanCoverage(TimeSpan.MinValue, TimeSpan.FromSeconds(3))));
        Assert.Equal(TimeSpan.FromSeconds(2), index.NearestKeyframe(TimeSpan.FromSeconds(2.4), new ScanCoverage(TimeSpan.MinValue, TimeSpan.FromSeconds(3)))?.Pts);
    }

    [Fact]
    public void Scans_read_windows_around_sparse_times_and_the_file_from_its_start_for_dense_ones()
    {
        var sparse = FramePlanner.ScanFor(Probe, [TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5.5), TimeSpan.FromSeconds(30)], FrameSelection.Exact);
        Assert.Equal("6.400000%7.900000,31.400000%32.400000", sparse.ToReadIntervals());

        var dense = FramePlanner.ScanFor(Probe, [.. Enumerable.Range(0, 60).Select(s => TimeSpan.FromSeconds(s))], FrameSelection.Exact);
        Assert.Equal("%61.400000", dense.ToReadIntervals());

        var keyframes = FramePlanner.ScanFor(Probe, [.. Enumerable.Range(0, 60).Select(s => TimeSpan.FromSeconds(s))], FrameSelection.NearestKeyframe);
        Assert.Null(keyframes.ToReadIntervals());
    }

    [Fact]
    public void Close_frames_share_a_seek_range_and_sparse_ones_are_sought_alone()
    {
        var times = new[] { 0.0, 1, 2, 3, 20, 40 }.Select(TimeSpan.FromSeconds).ToList();
        var plan = FramePlanner.ForConstantRate(Probe, times);

        var batches = StrategyChooser.Choose(plan, Probe, FrameSelection.Exact, ExtractionStrategy.Auto, ExtractionTuning.Default, maxProcesses: 2);

        var range = Assert.Single(batches, b => b.Kind == BatchKind.SeekRanges);
        Assert.Equal([[0, 1, 2, 3]], range.Inputs);
        var seeks = Assert.Single(batches, b => b.Kind == BatchKind.SeekInputs);
        Assert.Equal([[4], [5]], seeks.Inputs);
        Assert.Equal("seek-inputs+seek-ranges", StrategyChooser.Describe(batches, FrameSelection.Exact, ExtractionStrategy.Auto));
        Assert.True(StrategyChooser.WantsKeyframes(plan, Probe, ExtractionTuning.Default));
        Assert.False(StrategyChooser.WantsKeyframes(FramePlanner.ForConstantRate(Probe, [TimeSpan.Zero, TimeSpan.FromSeconds(6)]), Probe, ExtractionTuning.Default));
    }

    [Fact]
    public void Known_keyframes_give_one_range_per_keyframe_interval_spread_over_the_processes()
    {
        // A frame every second, a keyframe every two: each range decodes from its keyframe to the frame a second later and
        // stops; going on to the next keyframe would decode 24 frames nobody asked for, more than a seek costs.
        var index = Index(Enumerable.Range(0, 1500).Select(n => (n * 0.04, n % 50 == 0)));
        var probe = Probe with { StartTime = TimeSpan.Zero };
        var plan = FramePlanner.ForConstantRate(probe, [.. Enumerable.Range(0, 60).Select(s => TimeSpan.FromSeconds(s))]);

        var batches = StrategyChooser.Choose(plan, probe, FrameSelection.Exact, ExtractionStrategy.Auto, ExtractionTuning.Default, maxProcesses: 2, index);

        var inputs = batches.SelectMany(b => b.Inputs).ToList();
        Assert.Equal(Enumerable.Range(0, 30).Select(k => (IReadOnlyList<int>)[2 * k, (2 * k) + 1]), inputs);
        Assert.All(batches, b => Assert.InRange(b.Inputs.Count, 1, 8));
        Assert.InRange(batches.Count, 4, 5);
        Assert.All(batches, b => Assert.Equal(1, b.Threads));
    }

    [Fact]
    public void Frames_of_one_keyframe_interval_share_an_input_however_far_apart()
    {
        var frames = new[] { 0.5, 9.0, 10.2, 10.5, 30.0 }.Select(s => new FramePick(TimeSpan.FromSeconds(s), TimeSpan.FromMilliseconds(20))).ToList();
        TimeSpan? KeyframeBefore(TimeSpan t) => TimeSpan.FromSeconds(Math.Floor(t.TotalSeconds / 10) * 10);

        var ranges = SeekRanges.Group(frames, [0, 1, 2, 3, 4], KeyframeBefore, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(1.5));

        // 9.0 → the keyframe at 10 is 1 s on: decoding on costs less than a 1.5 s seek; 30 s is a whole interval away.
        Assert.Equal([[0, 1, 2, 3], [4]], ranges);
        Assert.Equal([[0, 1], [2, 3], [4]], SeekRanges.Group(frames, [0, 1, 2, 3, 4], KeyframeBefore, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(0.5)));

        // Unknown keyframes are taken to be half an interval before each frame.
        Assert.Equal(TimeSpan.FromSeconds(2), SeekRanges.DecodingOnCost(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(4), _ => null, TimeSpan.FromSeconds(2)));
        Assert.Equal(TimeSpan.Zero, SeekRanges.DecodingOnCost(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1.5), _ => null, TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public void Ranges_spread_in_order_by_cost_and_never_over_the_inputs_a_process_may_hold()
    {
        var frames = Enumerable.Range(0, 40).Select(s => new FramePick(TimeSpan.FromSeconds(s), TimeSpan.FromMilliseconds(20))).ToList();
        List<List<int>> ranges = [[.. Enumerable.Range(0, 20)], .. Enumerable.Range(20, 20).Select(i => new List<int> { i })];

        var parts = SeekRanges.Spread(frames, ranges, parts: 2, perPart: 8, TimeSpan.FromSeconds(0.5));

        Assert.Equal(ranges, parts.SelectMany(p => p));
        Assert.Equal([5, 8, 8], parts.Select(p => p.Count));

        // Equal ranges split evenly.
        var even = SeekRanges.Spread(frames, [.. Enumerable.Range(0, 10).Select(i => new List<int> { i })], parts: 2, perPart: 8, TimeSpan.FromSeconds(0.5));
        Assert.Equal([5, 5], even.Select(p => p.Count));
    }

    private static PacketIndex Index(IEnumerable<(double Seconds, bool IsKey)> packets) =>
        PacketIndex.Parse(string.Join('\n', packets.Select(p => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"pts_time={p.Seconds:0.000000}|flags={(p.IsKey ? "K_" : "__")}"))));

    [Fact]
    public void A_pass_pays_off_over_longer_gaps_the_smaller_the_picture()
    {
        Assert.Equal(TimeSpan.FromSeconds(2.4), StrategyChooser.PassBreakEven(Probe, ExtractionTuning.Default));
        Assert.Equal(TimeSpan.FromSeconds(5.6), StrategyChooser.PassBreakEven(Probe with { Width = 640, Height = 360 }, ExtractionTuning.Default));
        Assert.Equal(TimeSpan.FromSeconds(6.4), StrategyChooser.PassBreakEven(Probe with { KeyframeInterval = TimeSpan.FromSeconds(10) }, ExtractionTuning.Default));
    }

    [Fact]
    public void Seeking_spreads_over_the_allowed_processes_and_caps_inputs_per_process()
    {
        var plan = FramePlanner.ForConstantRate(Probe, [.. Enumerable.Range(0, 40).Select(i => TimeSpan.FromSeconds(i * 10))]);

        var batches = StrategyChooser.Choose(plan, Probe, FrameSelection.Exact, ExtractionStrategy.SeekInputs, ExtractionTuning.Default, maxProcesses: 2);

        // About 40 MB of decoder state per 1080p input: eight inputs a process.
        Assert.All(batches, b => Assert.InRange(b.Picks.Count, 1, 8));
        Assert.Equal(Enumerable.Range(0, 40), batches.SelectMany(b => b.Picks));
        Assert.Equal(40, StrategyChooser.Choose(plan, Probe, FrameSelection.Exact, ExtractionStrategy.SeekPerFrame, ExtractionTuning.Default, 2).Count);
    }

    [Fact]
    public void Showinfo_times_undo_ffmpegs_rounding_of_the_seek_offset()
    {
        var log = new ShowInfoLog();
        Assert.True(log.Accept("[showinfo@b0_3 @ 0x55afd4428b40] config in time_base: 1/12800, frame_rate: 25/1"));
        Assert.True(log.Accept("[showinfo@b0_3 @ 0x55afd4428b40] n:   0 pts:     13 pts_time:0.00101562 pos: 48 fmt:yuv420p sar:1/1 s:160x90 i:P iskey:1 type:I"));
        Assert.True(log.Accept("[showinfo@b0_3 @ 0x55afd4428b40] n:   1 pts:    499 pts_time:0.0389844 pos: 1160 fmt:yuv420p sar:1/1 s:160x90 i:P iskey:0 type:B"));
        Assert.False(log.Accept("[mjpeg @ 0x55afd4429000] deprecated pixel format used, make sure you did set range correctly"));

        // Seeking to -0.001 s shifts timestamps by +12.8 ticks of 1/12800 s, which ffmpeg rounds to 13: pts 13 is really 0.
        Assert.Equal(TimeSpan.Zero, log.FrameTime("b0_3", 0, TimeSpan.FromMilliseconds(-1)));
        Assert.Equal(TimeSpan.FromMilliseconds(40), log.FrameTime("b0_3", 1, TimeSpan.FromMilliseconds(1)));
        Assert.Null(log.FrameTime("b0_3", 2, TimeSpan.Zero));
        Assert.Null(log.FrameTime("b1_0", 0, TimeSpan.Zero));
    }

    [Fact]
    public void Commands_seek_each_input_before_opening_it_and_write_exact_sizes()
    {
        var frames = new[] { new FramePick(TimeSpan.FromSeconds(3), TimeSpan.FromMilliseconds(20)), new FramePick(TimeSpan.FromSeconds(9), TimeSpan.FromMilliseconds(20)) };
        var image = new ImageSettings(63, 37, QScale: 2, KeyframesOnly: false);

        var command = FfmpegCommands.SeekInputs("/media/a b.mp4", frames, image, "/jobs/j1", "b0", threads: 1);

        var arguments = command.Arguments.ToList();
        Assert.Equal(2, arguments.Count(a => a == "-i"));
        // Inside the frame's display time, so the seek lands on the keyframe at or before it (the frame itself when it is one).
        Assert.Equal("3.010000", arguments[arguments.IndexOf("-ss") + 1]);
        Assert.True(arguments.IndexOf("-noaccurate_seek") < arguments.IndexOf("-ss") && arguments.IndexOf("-ss") < arguments.IndexOf("-i"), "Seeking must be an input option.");
        Assert.Contains("/media/a b.mp4", arguments);
        Assert.Contains("[1:V:0]select='between(t,-0.030000,0.010000)',showinfo@b0_1,scale=63:37,setsar=1[o1]", arguments.Single(a => a.Contains("showinfo", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Equal([TimeSpan.FromMilliseconds(3010), TimeSpan.FromMilliseconds(9010)], command.Images.Select(i => i.Offset));
        Assert.Equal(["/jobs/j1/b0_0.jpg", "/jobs/j1/b0_1.jpg"], command.Images.Select(i => i.Path));
        Assert.DoesNotContain("-skip_frame", arguments);
    }

    [Fact]
    public void A_seek_range_selects_its_frames_relative_to_its_seek_and_stops_after_the_last()
    {
        var range = new[] { new FramePick(TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(20)), new FramePick(TimeSpan.FromSeconds(3), TimeSpan.FromMilliseconds(20)) };
        var single = new[] { new FramePick(TimeSpan.FromSeconds(9), TimeSpan.FromMilliseconds(20)) };
        var image = new ImageSettings(64, 36, 2, KeyframesOnly: false);

        var command = FfmpegCommands.SeekRanges("/a.mp4", [range, single], image, "/jobs/j1", "b2", threads: 1);

        var arguments = command.Arguments.ToList();
        Assert.Equal(2, arguments.Count(a => a == "-i"));
        Assert.Equal("2.010000", arguments[arguments.IndexOf("-ss") + 1]);

        // Reads at most the reordering allowance past the last frame; a single frame needs no bound.
        Assert.Equal("2.010000", arguments[arguments.IndexOf("-t") + 1]);
        Assert.Single(arguments, a => a == "-t");
        var graph = arguments[arguments.IndexOf("-filter_complex") + 1];
        Assert.Contains("[0:V:0]split=2[picko0][beato0];[beato0]select='isnan(prev_selected_t)+gte(t-prev_selected_t,1)',showinfo@b2_0_beat,nullsink;", graph, StringComparison.Ordinal);
        Assert.Contains("[picko0]select='between(t,-0.030000,0.010000)+between(t,0.970000,1.010000)',showinfo@b2_0,", graph, StringComparison.Ordinal);
        Assert.Contains("[1:V:0]select='between(t,-0.030000,0.010000)',showinfo@b2_1,", graph, StringComparison.Ordinal);
        Assert.Equal(["2", "1"], arguments.Select((a, i) => (a, i)).Where(x => x.a == "-frames:v").Select(x => arguments[x.i + 1]));
        Assert.Equal(["/jobs/j1/b2_0_00001.jpg", "/jobs/j1/b2_0_00002.jpg", "/jobs/j1/b2_1.jpg"], command.Images.Select(i => i.Path));
        Assert.Equal([0, 1, 0], command.Images.Select(i => i.Ordinal));
        Assert.Equal([TimeSpan.FromMilliseconds(2010), TimeSpan.FromMilliseconds(2010), TimeSpan.FromMilliseconds(9010)], command.Images.Select(i => i.Offset));
    }

    [Fact]
    public void A_decoding_pass_selects_windows_relative_to_its_seek_and_keyframe_passes_skip_other_frames()
    {
        var frames = new[] { new FramePick(TimeSpan.FromSeconds(3), TimeSpan.FromMilliseconds(20)), new FramePick(TimeSpan.FromSeconds(4), TimeSpan.FromMilliseconds(20)) };

        var command = FfmpegCommands.DecodePass("/a.mp4", frames, new ImageSettings(64, 36, 2, KeyframesOnly: true), "/jobs/j1", "b1", threads: 2, seek: true);

        var arguments = command.Arguments.ToList();
        Assert.Equal("2.980000", arguments[arguments.IndexOf("-ss") + 1]);
        Assert.Equal("nokey", arguments[arguments.IndexOf("-skip_frame") + 1]);
        var graph = arguments[arguments.IndexOf("-filter_complex") + 1];
        Assert.Contains("select='between(t,0.000000,0.040000)+between(t,1.000000,1.040000)',showinfo@b1,", graph, StringComparison.Ordinal);

        // A second per decoded second reaches a null sink, so the watchdog sees a long stretch without wanted frames moving.
        Assert.Contains("showinfo@b1_beat,nullsink", graph, StringComparison.Ordinal);
        Assert.Equal("2", arguments[arguments.IndexOf("-frames:v") + 1]);
        Assert.Equal([TimeSpan.FromSeconds(2.98), TimeSpan.FromSeconds(2.98)], command.Images.Select(i => i.Offset));
    }

    [Theory]
    [InlineData("/x.mp4: No such file or directory", FrameFailure.SourceNotFound)]
    [InlineData("[mov,mp4,m4a,3gp,3g2,mj2 @ 0x1] moov atom not found\n/x.mp4: Invalid data found when processing input", FrameFailure.SourceUnreadable)]
    [InlineData("Stream specifier ':V:0' in filtergraph description [0:V:0]showinfo matches no streams.", FrameFailure.SourceUnreadable)]
    [InlineData("[image2 @ 0x1] Could not open file : /jobs/j1/b0_0.jpg", FrameFailure.Internal)]
    public void Failures_are_told_apart_by_what_ffmpeg_said(string stderr, FrameFailure kind)
    {
        Assert.Equal(kind, FfmpegFrameExtractor.ClassifyFailure(stderr));
    }
}
