using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using VodSnapshot.Media;
using VodSnapshot.Media.Ffmpeg;
using VodSnapshot.Tests.TestSupport;

namespace VodSnapshot.Tests.Media;

public sealed class FfmpegRunnerTests(TestClips clips) : IClassFixture<TestClips>
{
    [Fact(Timeout = 60_000)]
    public async Task A_run_past_the_process_timeout_is_killed_even_while_it_progresses()
    {
        using var runner = Runner(new FfmpegOptions { ProcessTimeout = TimeSpan.FromSeconds(1), StallTimeout = TimeSpan.FromSeconds(1) });
        var marker = Guid.NewGuid().ToString("N");

        var error = await Assert.ThrowsAsync<ToolRunException>(() => runner.RunAsync(Endless(marker), TestContext.Current.CancellationToken));

        Assert.Equal(ToolFailure.TimedOut, error.Failure);
        Assert.Empty(FfmpegCli.RunningWith(marker));
    }

    [Fact(Timeout = 60_000)]
    public async Task A_run_that_keeps_progressing_outlives_the_stall_timeout()
    {
        // Progress comes every half second; the stall limit leaves room for a slow start on a busy machine.
        // Seen failing at 1.5 s under a load average of 12, where start-up alone took that long.
        using var runner = Runner(new FfmpegOptions { StallTimeout = TimeSpan.FromSeconds(3) });

        var run = await runner.RunAsync(RealTime(seconds: 6, Guid.NewGuid().ToString("N")), TestContext.Current.CancellationToken);

        Assert.Equal(0, run.ExitCode);
    }

    [Fact(Timeout = 60_000)]
    public async Task Decoding_runs_never_exceed_the_process_cap()
    {
        using var runner = Runner(new FfmpegOptions { MaxConcurrentProcesses = 1 });
        var marker = Guid.NewGuid().ToString("N");
        var most = 0;
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                most = Math.Max(most, FfmpegCli.RunningWith(marker).Count);
                await Task.Delay(15, CancellationToken.None);
            }
        }, CancellationToken.None);

        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => runner.RunAsync(RealTime(seconds: 0.5, marker), TestContext.Current.CancellationToken)));
        await stop.CancelAsync();
        await sampler;

        Assert.Equal(1, most);
        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(1.5), "Three half-second runs finished faster than one after another.");
    }

    [Fact(Timeout = 60_000)]
    public async Task A_missing_binary_is_reported_as_not_started()
    {
        using var runner = Runner(new FfmpegOptions { BinaryFolder = clips.NewFolder() });

        var error = await Assert.ThrowsAsync<ToolRunException>(() => runner.RunAsync(new ToolInvocation(MediaTool.Ffprobe, ["-version"], Decodes: false), TestContext.Current.CancellationToken));

        Assert.Equal(ToolFailure.NotStarted, error.Failure);
    }

    [Fact(Timeout = 60_000)]
    public async Task The_locator_reports_both_versions()
    {
        using var engine = new MediaEngine();

        var versions = await engine.Locator.GetVersionsAsync(TestContext.Current.CancellationToken);

        Assert.Matches(@"^\d+\.\d+", versions.Ffmpeg);
        Assert.Equal(versions.Ffmpeg, versions.Ffprobe);
    }

    [Fact(Timeout = 60_000)]
    public async Task The_locator_fails_clearly_without_binaries()
    {
        using var engine = new MediaEngine(new Dictionary<string, string?> { ["BinaryFolder"] = clips.NewFolder() });

        var error = await Assert.ThrowsAsync<FfmpegUnavailableException>(() => engine.Locator.GetVersionsAsync(TestContext.Current.CancellationToken));

        Assert.StartsWith("ffmpeg could not be run", error.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task Listed_arguments_reach_the_process_unchanged_whatever_they_hold()
    {
        // FFMpegCore hands ffmpeg one command line that .NET splits again; every argument must come back as it was.
        string[] arguments = ["plain", "two words", "", "tab\there", "a \"quote\"", "\"", "trailing\\", "back\\slash", "\\\"", "C:\\dir\\ \"x\"\\\\", "--"];
        var startInfo = new ProcessStartInfo("printf", "%s\\0 " + string.Join(' ', arguments.Select(ListedArguments.Quote)))
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(startInfo)!;
        var output = await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);

        Assert.Equal(arguments, output.Split('\0')[..^1]);
    }

    [Fact(Timeout = 60_000)]
    public async Task An_output_path_with_quotes_and_backslashes_is_written_through_ffmpegcore()
    {
        using var runner = Runner(new FfmpegOptions());
        var path = Path.Combine(clips.NewFolder(), "a \"quoted\" name \\ here\\.jpg");

        var run = await runner.RunAsync(new ToolInvocation(
            MediaTool.Ffmpeg,
            ["-hide_banner", "-nostdin", "-f", "lavfi", "-i", "color=c=red:s=16x16:d=0.04", "-frames:v", "1", "-update", "1", path],
            Decodes: true), TestContext.Current.CancellationToken);

        Assert.Equal(0, run.ExitCode);
        Assert.True(File.Exists(path), run.StderrTail);
    }

    [Fact(Timeout = 60_000)]
    public async Task An_ffprobe_packet_scan_that_reads_nothing_is_stopped_by_the_stall_watchdog()
    {
        var pipe = Path.Combine(clips.NewFolder(), "never-written.mp4");
        await FfmpegCli.RunAsync("mkfifo", [pipe], TestContext.Current.CancellationToken);
        using var runner = Runner(new FfmpegOptions { StallTimeout = TimeSpan.FromSeconds(1) });
        var watch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<ToolRunException>(() => runner.ProbeAsync(
            (options, stop) => FFMpegCore.FFProbe.GetPacketsAsync(pipe, options, cancellationToken: stop), TestContext.Current.CancellationToken));

        Assert.Equal(ToolFailure.Stalled, error.Failure);
        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10));
        Assert.Empty(FfmpegCli.RunningWith(pipe));
    }

    [Fact(Timeout = 60_000)]
    public async Task The_guard_finds_the_pid_of_the_tool_ffmpegcore_started()
    {
        var options = Options.Create(new FfmpegOptions());
        using var guard = new ChildProcessGuard(options, NullLogger<ChildProcessGuard>.Instance);
        var marker = Guid.NewGuid().ToString("N");
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);

        var started = await guard.StartAsync(() => ListedArguments.ToProcessor(
                ["-hide_banner", "-nostdin", "-re", "-f", "lavfi", "-i", "testsrc=size=32x32:rate=25", "-metadata", "comment=" + marker, "-f", "null", "-"])
            .CancellableThrough(stop.Token, TimeSpan.Zero)
            .ProcessAsynchronously(throwOnError: false, new FFMpegCore.FFOptions()));
        var commandLine = File.ReadAllText($"/proc/{started.Pid}/cmdline");
        await stop.CancelAsync();
        var result = await started.Result;
        guard.Forget(started.Pid);

        Assert.Contains(marker, commandLine, StringComparison.Ordinal);
        Assert.True(result.Cancelled);
        Assert.True(guard.EndsWithParent, "The sentinel is not running.");
        Assert.Empty(FfmpegCli.RunningWith(marker));
    }

    [Trait("Category", "Unit")]
    [Theory]
    [InlineData("ffmpeg version 5.1.6-0+deb12u1 Copyright (c) 2000-2024 the FFmpeg developers\nbuilt with gcc 12", "5.1.6-0+deb12u1")]
    [InlineData("ffprobe version n7.1 Copyright (c) 2007-2024 the FFmpeg developers", "n7.1")]
    [InlineData("ffmpeg version N-118000-g1234abcd-static https://johnvansickle.com/ffmpeg/", "N-118000-g1234abcd-static")]
    [InlineData("something else", null)]
    [InlineData("", null)]
    public void Versions_are_read_from_the_first_line(string output, string? expected)
    {
        Assert.Equal(expected, FfmpegLocator.ParseVersion(output));
    }

    private static FfmpegRunner Runner(FfmpegOptions options) =>
        new(Options.Create(options), new ChildProcessGuard(Options.Create(options), NullLogger<ChildProcessGuard>.Instance), NullLogger<FfmpegRunner>.Instance);

    /// <summary>A synthetic source read at its own pace, so the run takes <paramref name="seconds"/> and reports progress throughout.</summary>
    private static ToolInvocation RealTime(double seconds, string marker) => new(
        MediaTool.Ffmpeg,
        ["-hide_banner", "-nostdin", "-nostats", "-progress", "pipe:1", "-re", "-f", "lavfi", "-i", "testsrc=size=32x32:rate=25",
         "-t", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture), "-metadata", "comment=" + marker, "-f", "null", "-"],
        Decodes: true);

    private static ToolInvocation Endless(string marker) => new(
        MediaTool.Ffmpeg,
        ["-hide_banner", "-nostdin", "-nostats", "-progress", "pipe:1", "-re", "-f", "lavfi", "-i", "testsrc=size=32x32:rate=25",
         "-metadata", "comment=" + marker, "-f", "null", "-"],
        Decodes: true);
}
