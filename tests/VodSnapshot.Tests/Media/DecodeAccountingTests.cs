using VodSnapshot.Media.Extraction;

namespace VodSnapshot.Tests.Media;

/// <summary>Counting what ffmpeg decoded and the least it could have decoded: the pure parts.</summary>
[Trait("Category", "Unit")]
public sealed class DecodeAccountingTests
{
    [Fact]
    public void The_counter_adds_the_decoded_frames_of_every_input_and_takes_only_verbose_lines()
    {
        var counter = new DecodedFrameCounter();

        Assert.True(counter.Accept("[verbose]   Input stream #0:0 (video): 33 packets read (51133 bytes); 30 frames decoded; "));
        Assert.True(counter.Accept("[verbose]   Input stream #1:0 (video): 60 packets read (81133 bytes); 57 frames decoded; "));
        Assert.True(counter.Accept("[h264 @ 0x55d8af43af40] [verbose] Reinit context to 320x240, pix_fmt: yuv420p"));
        Assert.False(counter.Accept("[info] Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'small.mp4':"));
        Assert.False(counter.Accept("[error] small.mp4: No such file or directory"));

        Assert.Equal((87, 2), (counter.Frames, counter.Inputs));
    }

    [Fact]
    public void Showinfo_lines_tagged_with_their_level_are_read()
    {
        var log = new ShowInfoLog();
        Assert.True(log.Accept("[showinfo@a_0 @ 0x55d8af7afb40] [info] config in time_base: 1/12800, frame_rate: 25/1"));
        Assert.True(log.Accept("[showinfo@a_0 @ 0x55d8af7afb40] [info] n:   0 pts:    512 pts_time:0.04    pos:   112989 fmt:yuv420p sar:1/1 s:320x240 i:P iskey:0 type:B"));

        Assert.Equal(TimeSpan.FromMilliseconds(40), log.FrameTime("a_0", 0, TimeSpan.Zero));
    }

    [Fact]
    public void The_floor_counts_from_each_keyframe_to_the_last_wanted_frame_after_it()
    {
        // 25 fps, a keyframe every 2 s (frames 0, 50, 100), five seconds.
        var index = PacketIndex.Parse(string.Join('\n', Enumerable.Range(0, 125).Select(n =>
            string.Create(System.Globalization.CultureInfo.InvariantCulture, $"pts_time={n * 0.04:0.000000}|flags={(n % 50 == 0 ? "K_" : "__")}"))));
        FramePick At(int frame) => new(TimeSpan.FromSeconds(frame * 0.04), TimeSpan.Zero);

        // Frames 10 and 25 share the first interval (0..25: 26 frames), 75 is in the second (50..75: 26), 100 is a keyframe (1).
        Assert.Equal(53, index.FramesToDecode([At(25), At(10), At(75), At(100)]));
        Assert.Equal(1, index.FramesToDecode([At(0)]));
    }

    [Fact]
    public void Without_the_keyframe_before_a_frame_the_floor_is_unknown()
    {
        var index = PacketIndex.Parse("pts_time=2.040000|flags=__\npts_time=2.080000|flags=__");

        Assert.Null(index.FramesToDecode([new FramePick(TimeSpan.FromSeconds(2.08), TimeSpan.Zero)]));
    }

    [Fact]
    public void The_ratio_is_decoded_over_minimum_when_there_is_one()
    {
        Assert.Equal(1.5, new DecodeCount(75, 50).Ratio);
        Assert.Null(new DecodeCount(75, null).Ratio);
    }
}
