using System.Globalization;

/// <summary>
/// One workload: <paramref name="Jobs"/> jobs with the service's parameters submitted at once, against as many hand-written
/// commands (each writing the same images into its own folder) run as many at a time as there are cores.
/// </summary>
internal sealed record Workload(string Name, string VideoId, Dictionary<string, string> Parameters, Func<string, string[]> Command, int Jobs = 1);

/// <param name="Decoded">Frames the service decoded for the run's jobs; null when the service does not report them.</param>
/// <param name="Minimum">The fewest frames that show the same frames; null when not reported.</param>
internal sealed record ServiceRun(double Seconds, long? Decoded, long? Minimum);

internal static class Workloads
{
    /// <summary>The rows on the 1080p clip of <paramref name="d"/> seconds.</summary>
    public static IEnumerable<Workload> For(string clip, string videoId, double d, string intraTemplate)
    {
        var intraTimes = Enumerable.Range(0, 10).Select(k => k * d / 10.0).ToArray();
        yield return new("1 frame", videoId,
            new() { ["SpecifiedOffsetTime"] = Ms(d / 2.0 + 0.5) },
            output => Ffmpeg.SeekEach(clip, [d / 2.0 + 0.5], output, keyframesOnly: false));
        yield return Sparse("10 sparse frames", clip, videoId, d);
        yield return new("60 dense frames", videoId,
            new() { ["Count"] = "60", ["Interval"] = "1" },
            output => ["-i", clip, "-vf", "fps=1", "-frames:v", "60", "-q:v", "2", Path.Combine(output, "%05d.jpg")]);
        yield return new("10x10 sprite", videoId,
            new()
            {
                ["Count"] = "100", ["Interval"] = "0", ["Width"] = "192",
                ["SpriteSnapshotConfig"] = """{"CellWidth":192,"CellHeight":108,"Columns":10,"Lines":10,"KeepCellPic":"delete"}""",
            },
            output =>
            [
                "-i", clip, "-filter_complex",
                string.Create(CultureInfo.InvariantCulture, $"fps=100/{d},scale=192:108,split[frames][cells];[cells]tile=10x10[sheet]"),
                "-map", "[frames]", "-frames:v", "100", "-q:v", "2", Path.Combine(output, "%05d.jpg"),
                "-map", "[sheet]", "-frames:v", "1", "-q:v", "2", Path.Combine(output, "sprite.jpg"),
            ]);
        yield return new("10 intra frames", videoId,
            new() { ["SnapshotTemplateId"] = intraTemplate },
            output => Ffmpeg.SeekEach(clip, intraTimes, output, keyframesOnly: true));
        yield return Sparse("burst: 20 jobs of 10 frames (sparse)", clip, videoId, d) with { Jobs = 20 };
    }

    /// <summary>Ten exact frames in the middle of each tenth of the source.</summary>
    public static Workload Sparse(string name, string clip, string videoId, double d)
    {
        var sparse = Enumerable.Range(0, 10).Select(k => (k * d / 10.0) + (d / 20.0)).ToArray();
        return new(name, videoId,
            new() { ["SpecifiedOffsetTimes"] = "[" + string.Join(',', sparse.Select(Ms)) + "]" },
            output => Ffmpeg.SeekEach(clip, sparse, output, keyframesOnly: false));
    }

    private static string Ms(double seconds) => ((long)Math.Round(seconds * 1000)).ToString(CultureInfo.InvariantCulture);
}

/// <summary>The generated sources, made once into the work folder (never committed).</summary>
internal static class Clip
{
    public const int UhdSeconds = 20;

    public const int HourSeconds = 3600;

    public static async Task<string> EnsureAsync(string work, int seconds) =>
        await EnsureAsync(work, string.Create(CultureInfo.InvariantCulture, $"bench-1080p-{seconds}s.mp4"), "1080p test clip", part =>
        [
            "-f", "lavfi", "-i", string.Create(CultureInfo.InvariantCulture, $"testsrc2=size=1920x1080:rate=25:duration={seconds}"),
            "-c:v", "libx264", "-preset", "veryfast", "-g", "50", "-pix_fmt", "yuv420p", part,
        ]);

    /// <summary>3840x2160 H.264, GOP 2 s.</summary>
    public static async Task<string> EnsureUhdAsync(string work) =>
        await EnsureAsync(work, "bench-2160p-20s.mp4", "4K test clip", part =>
        [
            "-f", "lavfi", "-i", string.Create(CultureInfo.InvariantCulture, $"testsrc2=size=3840x2160:rate=25:duration={UhdSeconds}"),
            "-c:v", "libx264", "-preset", "ultrafast", "-g", "50", "-pix_fmt", "yuv420p", part,
        ]);

    /// <summary>One hour at 640x360 and a low bit rate, GOP 2 s: a minute encoded once, then looped by copying its packets.</summary>
    public static async Task<string> EnsureHourAsync(string work)
    {
        var minute = await EnsureAsync(work, "bench-360p-60s.mp4", "360p minute", part =>
        [
            "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25:duration=60",
            "-c:v", "libx264", "-preset", "veryfast", "-b:v", "150k", "-g", "50", "-pix_fmt", "yuv420p", part,
        ]);
        return await EnsureAsync(work, "bench-360p-1h.mp4", "1 h clip", part =>
            ["-stream_loop", (HourSeconds / 60 - 1).ToString(CultureInfo.InvariantCulture), "-i", minute, "-c", "copy", part]);
    }

    private static async Task<string> EnsureAsync(string work, string name, string what, Func<string, string[]> command)
    {
        var media = Directory.CreateDirectory(Path.Combine(work, "media")).FullName;
        var clip = Path.Combine(media, name);
        if (!File.Exists(clip))
        {
            Console.Error.WriteLine($"Generating the {what}…");
            await Ffmpeg.RunAsync(command(clip + ".part.mp4"));
            File.Move(clip + ".part.mp4", clip);
        }

        return clip;
    }
}
