using VodSnapshot.Tests.TestSupport;

[assembly: AssemblyFixture(typeof(TestClips.Cleanup))]

namespace VodSnapshot.Tests.TestSupport;

/// <summary>
/// Small media files made with ffmpeg's synthetic sources, in a temporary folder removed after the run (no media is
/// committed). A class that needs them declares <c>IClassFixture&lt;TestClips&gt;</c>; they are made once, when the
/// first such class starts, so a run of unit tests alone makes none. Every frame of the ramp clips can be told apart
/// by its colour; see <see cref="FrameIdentity"/>.
/// </summary>
public sealed class TestClips : IAsyncLifetime
{
    private static readonly string SharedRoot = Path.Combine(Path.GetTempPath(), "vodsnapshot-tests-" + Guid.NewGuid().ToString("N"));

    // Not cancelled with the first class that asks: every later class relies on the same clips. FfmpegCli bounds each run.
    private static readonly Lazy<Task> Made = new(() => MakeAsync(CancellationToken.None), LazyThreadSafetyMode.ExecutionAndPublication);

    public const int FrameRate = 25;
    public const int RampFrames = 100;
    public const int Width = 160;
    public const int Height = 90;

    /// <summary>Frames between keyframes in the ramp clips: a keyframe every 2 s.</summary>
    public const int KeyframeDistance = 50;

    public string Root { get; } = SharedRoot;

    /// <summary>MP4, H.264 with B-frames, 25 fps, 4 s, 160x90, keyframes at 0 s and 2 s; frame N has its own colour.</summary>
    public string Ramp => Path.Combine(Root, "ramp.mp4");

    /// <summary>The ramp in MPEG-TS, where ffmpeg's input seeking can land a whole keyframe interval late.</summary>
    public string RampTransportStream => Path.Combine(Root, "ramp.ts");

    /// <summary>Variable frame rate: 40 ms frames, then 80 ms, then 20 ms (see <see cref="VfrFrameTime"/>); keyframes at frames 0 and 50.</summary>
    public string VariableRate => Path.Combine(Root, "vfr.mp4");

    /// <summary>The ramp's first 2 s (50 frames) with 3 s of audio: the container lasts longer than the video.</summary>
    public string TrailingAudio => Path.Combine(Root, "trailing-audio.mp4");

    /// <summary>120x90 coded with a 4:3 sample aspect ratio, so it displays as 160x90.</summary>
    public string Anamorphic => Path.Combine(Root, "anamorphic.mp4");

    /// <summary>AAC audio and nothing else.</summary>
    public string AudioOnly => Path.Combine(Root, "audio.m4a");

    /// <summary>Bytes that are no media format, named like a video.</summary>
    public string NotMedia => Path.Combine(Root, "not-media.mp4");

    /// <summary>The first half of an MP4 whose index sits at the end: an upload cut short.</summary>
    public string Truncated => Path.Combine(Root, "truncated.mp4");

    /// <summary>Presentation time of frame <paramref name="frame"/> of <see cref="VariableRate"/>.</summary>
    public static TimeSpan VfrFrameTime(int frame) => frame switch
    {
        < 25 => TimeSpan.FromMilliseconds(40 * frame),
        < 50 => TimeSpan.FromMilliseconds(1000 + (80 * (frame - 25))),
        _ => TimeSpan.FromMilliseconds(3000 + (20 * (frame - 50))),
    };

    /// <summary>A new empty folder under the run's temporary root.</summary>
    public string NewFolder()
    {
        var folder = Path.Combine(Root, "work-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>Makes the clips unless an earlier class did; a failure fails every class that needs them.</summary>
    public async ValueTask InitializeAsync() => await Made.Value;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static async Task MakeAsync(CancellationToken cancellationToken)
    {
        var clips = new TestClips();
        Directory.CreateDirectory(SharedRoot);
        var untruncated = Path.Combine(SharedRoot, "index-at-end.mp4");
        await Task.WhenAll(
            EncodeRampAsync(clips.Ramp, ["-movflags", "+faststart"], cancellationToken),
            EncodeRampAsync(untruncated, [], cancellationToken),
            clips.EncodeVariableRateAsync(cancellationToken),
            clips.EncodeTrailingAudioAsync(cancellationToken),
            FfmpegCli.RunAsync("ffmpeg", [.. Quiet, "-f", "lavfi", "-i", "color=c=gray:s=120x90:r=25:d=1,format=yuv420p,setsar=4/3", "-c:v", "libx264", "-preset", "veryfast", clips.Anamorphic], cancellationToken),
            FfmpegCli.RunAsync("ffmpeg", [.. Quiet, "-f", "lavfi", "-i", "sine=frequency=440:duration=1", "-c:a", "aac", clips.AudioOnly], cancellationToken));

        await FfmpegCli.RunAsync("ffmpeg", [.. Quiet, "-i", clips.Ramp, "-c", "copy", "-f", "mpegts", clips.RampTransportStream], cancellationToken);

        var whole = await File.ReadAllBytesAsync(untruncated, cancellationToken);
        await File.WriteAllBytesAsync(clips.Truncated, whole.AsMemory(0, whole.Length / 2), cancellationToken);
        await File.WriteAllBytesAsync(clips.NotMedia, [.. Enumerable.Range(0, 4096).Select(i => (byte)((i * 7919) % 251))], cancellationToken);
    }

    /// <summary>Removes the clips, if any class made them, when the run ends.</summary>
    public sealed class Cleanup : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            if (!Made.IsValueCreated)
            {
                return;
            }

            await DeleteAsync();
        }
    }

    private static async Task DeleteAsync()
    {
        // A process killed at the end of a test may take a moment to release its files on a busy machine.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                Directory.Delete(SharedRoot, recursive: true);
                return;
            }
            catch (DirectoryNotFoundException)
            {
                return;
            }
            catch (IOException) when (attempt < 5)
            {
                await Task.Delay(200 * attempt, CancellationToken.None);
            }
            catch (IOException)
            {
                // Left for the system's temp clean-up.
                return;
            }
        }
    }

    private static readonly string[] Quiet = ["-hide_banner", "-nostdin", "-loglevel", "error", "-y"];

    /// <summary>
    /// Frame N: luma 26+2N, chroma blue 134 for even N and 122 for odd. A uniform picture survives H.264 and JPEG almost
    /// unchanged; the luma step tells frames apart, the chroma flip settles a reading that falls between two steps. Every
    /// colour stays inside the RGB gamut, since a JPEG decoder clips what lies outside and would shift the luma read back.
    /// A low CRF keeps the encoder from rounding the small luma steps away.
    /// </summary>
    private static Task EncodeRampAsync(string path, string[] extra, CancellationToken cancellationToken) =>
        FfmpegCli.RunAsync("ffmpeg",
        [
            .. Quiet,
            "-f", "lavfi", "-i", $"color=c=black:s={Width}x{Height}:r={FrameRate},format=yuv420p,{Colours}",
            "-frames:v", RampFrames.ToString(System.Globalization.CultureInfo.InvariantCulture),
            .. Gop, .. extra, path,
        ], cancellationToken);

    private Task EncodeTrailingAudioAsync(CancellationToken cancellationToken) =>
        FfmpegCli.RunAsync("ffmpeg",
        [
            .. Quiet,
            "-f", "lavfi", "-i", $"color=c=black:s={Width}x{Height}:r={FrameRate}:d=2,format=yuv420p,{Colours}",
            "-f", "lavfi", "-i", "sine=frequency=440:duration=3",
            .. Gop, "-c:a", "aac", TrailingAudio,
        ], cancellationToken);

    /// <summary>The ramp's colours on a variable clock; a fine encoder time base keeps the 20 ms steps.</summary>
    private Task EncodeVariableRateAsync(CancellationToken cancellationToken) =>
        FfmpegCli.RunAsync("ffmpeg",
        [
            .. Quiet,
            "-f", "lavfi", "-i",
            $"color=c=black:s={Width}x{Height}:r={FrameRate},format=yuv420p,{Colours},settb=1/1000,"
                + "setpts='if(lt(N,25),N*0.04,if(lt(N,50),1+(N-25)*0.08,3+(N-50)*0.02))/TB'",
            "-frames:v", RampFrames.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-fps_mode", "passthrough", "-enc_time_base", "1/1000",
            .. Gop, VariableRate,
        ], cancellationToken);

    private const string Colours = "geq=lum='26+2*N':cb='128+6*(1-2*mod(N,2))':cr=128";

    private static readonly string[] Gop =
    [
        "-g", "50", "-keyint_min", "50", "-sc_threshold", "0", "-bf", "2",
        "-c:v", "libx264", "-preset", "veryfast", "-crf", "8", "-pix_fmt", "yuv420p",
    ];
}
