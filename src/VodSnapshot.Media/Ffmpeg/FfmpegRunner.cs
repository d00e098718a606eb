using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using FFMpegCore;
using FFMpegCore.Exceptions;
using Instances.Exceptions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace VodSnapshot.Media.Ffmpeg;

/// <summary>
/// Runs ffmpeg and ffprobe through FFMpegCore as bounded child processes: a shared cap on concurrent decoders, an overall
/// timeout, a watchdog that stops a run showing no progress, cancellation that leaves nothing running, and a kept tail of stderr.
/// <list type="bullet">
/// <item>ffmpeg argument lists run through <see cref="FFMpegArguments"/> and <see cref="FFMpegArgumentProcessor"/>
/// (<see cref="ListedArguments"/> translates them), with <c>CancellableThrough</c> (no grace period: the engine's runs
/// write only into a work folder that is thrown away, and <c>-nostdin</c> makes ffmpeg ignore the <c>q</c> FFMpegCore
/// sends first, so the kill follows at once; FFMpegCore kills the process, not a tree, which is enough because ffmpeg and
/// ffprobe start no processes of their own) and <c>NotifyOnStandardOutput</c>/<c>NotifyOnStandardError</c> feeding the
/// watchdog. Not <c>NotifyOnProgress</c>: it appends <c>-stats</c>, whose line ffmpeg repeats with the same time while it
/// waits on a stalled input, so it cannot tell a stall; the <c>-progress</c> lines on stdout, counted only when they
/// change, can.</item>
/// <item>Probes and packet scans run through <see cref="FFProbe"/> (<see cref="ProbeAsync{T}"/>). FFProbe reports nothing
/// until ffprobe exits, so the watchdog reads instead how many bytes the process has read so far (<c>/proc/&lt;pid&gt;/io</c>).</item>
/// <item>Other ffprobe argument lists (the version check) run through Instances, the process layer FFProbe itself uses
/// (<see cref="RunFfprobeAsync"/>):
/// FFProbe has no call that runs ffprobe without an input.</item>
/// </list>
/// Every start goes through <see cref="ChildProcessGuard"/>, so no tool outlives the service. Options are built per call
/// (<see cref="FFOptions"/>), never FFMpegCore's static <c>GlobalFFOptions</c>. FFMpegCore checks each binary once per
/// process with a <c>-version</c> run of its own, before the first real run.
/// </summary>
internal sealed partial class FfmpegRunner : IDisposable
{
    private const int StderrTailLines = 30;

    private readonly SemaphoreSlim _slots;
    private readonly FfmpegOptions _options;
    private readonly ChildProcessGuard _guard;
    private readonly ILogger<FfmpegRunner> _logger;

    public FfmpegRunner(IOptions<FfmpegOptions> options, ChildProcessGuard guard, ILogger<FfmpegRunner> logger)
    {
        _options = options.Value;
        _guard = guard;
        _logger = logger;
        _slots = new SemaphoreSlim(_options.MaxConcurrentProcesses, _options.MaxConcurrentProcesses);
    }

    /// <summary>The ffmpeg binary that is run: under the configured folder, or where PATH finds it (the bare name when it does not).</summary>
    public string FfmpegPath => GlobalFFOptions.GetFFMpegBinaryPath(ToolOptions(MediaTool.Ffmpeg));

    public string FfprobePath => GlobalFFOptions.GetFFProbeBinaryPath(ToolOptions(MediaTool.Ffprobe));

    public FfmpegOptions Options => _options;

    public void Dispose() => _slots.Dispose();

    /// <summary>Runs an ffmpeg or ffprobe argument list. A non-zero exit is a result; a run that never finished throws <see cref="ToolRunException"/>.</summary>
    public async Task<ToolRun> RunAsync(ToolInvocation invocation, CancellationToken cancellationToken)
    {
        if (invocation.Decodes)
        {
            await _slots.WaitAsync(cancellationToken);
        }

        try
        {
            var tool = invocation.Tool == MediaTool.Ffmpeg ? "ffmpeg" : "ffprobe";
            if (_logger.IsEnabled(LogLevel.Debug))
            {
                var commandLine = string.Join(' ', invocation.Arguments.Select(ListedArguments.Quote));
                LogCommand(_logger, tool, commandLine);
            }

            var watch = new ProgressWatch(countsReads: false);
            var tail = new Queue<string>(StderrTailLines);
            var stdout = new StringBuilder();
            var onStdout = (string line) =>
            {
                if (invocation.CaptureStdout)
                {
                    lock (stdout)
                    {
                        stdout.AppendLine(line);
                    }

                    watch.Touch();
                }
                else if (watch.IsProgressChange(line))
                {
                    watch.Touch();
                }
            };
            var onStderr = (string line) =>
            {
                watch.Touch();
                if (invocation.OnStderrLine?.Invoke(line) == true)
                {
                    return;
                }

                lock (tail)
                {
                    if (tail.Count == StderrTailLines)
                    {
                        tail.Dequeue();
                    }

                    tail.Enqueue(line);
                }
            };

            var options = ToolOptions(invocation.Tool);
            var exitCode = await SuperviseAsync(tool, watch, StderrTail, stop => invocation.Tool == MediaTool.Ffmpeg
                ? RunFfmpegAsync(invocation, options, onStdout, onStderr, stop)
                : RunFfprobeAsync(invocation, options, onStdout, onStderr, stop), cancellationToken);

            var stderrTail = StderrTail();
            if (exitCode != 0)
            {
                LogFailedExit(_logger, tool, exitCode, stderrTail);
            }

            string captured;
            lock (stdout)
            {
                captured = stdout.ToString();
            }

            return new ToolRun(exitCode, captured, stderrTail);

            string StderrTail()
            {
                lock (tail)
                {
                    return string.Join('\n', tail);
                }
            }
        }
        finally
        {
            if (invocation.Decodes)
            {
                _slots.Release();
            }
        }
    }

    /// <summary>
    /// Runs one <see cref="FFProbe"/> call (it is given the options and the token that stops it) under the same limits as
    /// every run. FFProbe's own exceptions (a non-zero exit, an unreadable report) pass through; a run that never
    /// finished throws <see cref="ToolRunException"/>.
    /// </summary>
    public Task<T> ProbeAsync<T>(Func<FFOptions, CancellationToken, Task<T>> probe, CancellationToken cancellationToken)
    {
        var options = ToolOptions(MediaTool.Ffprobe);
        return SuperviseAsync("ffprobe", new ProgressWatch(countsReads: true), () => string.Empty, stop => probe(options, stop), cancellationToken);
    }

    /// <summary>Starts the run through the guard, watches it, stops it on a limit or a cancellation and waits until it has exited.</summary>
    private async Task<T> SuperviseAsync<T>(string tool, ProgressWatch watch, Func<string> stderrTail, Func<CancellationToken, Task<T>> start, CancellationToken cancellationToken)
    {
        var binary = tool == "ffmpeg" ? FfmpegPath : FfprobePath;
        if (string.IsNullOrEmpty(Path.GetDirectoryName(binary)))
        {
            // FFMpegCore would fall back to the bare name, found on PATH even when a folder was configured.
            var where = string.IsNullOrWhiteSpace(_options.BinaryFolder) ? "on PATH" : $"in \"{_options.BinaryFolder}\"";
            throw new ToolRunException(ToolFailure.NotStarted, $"{tool} could not be started: it was not found {where}.", string.Empty);
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        StartedTool<Task<T>> started;
        try
        {
            started = await _guard.StartAsync(() => start(stop.Token));
        }
        catch (Exception ex) when (IsNotStarted(ex))
        {
            throw new ToolRunException(ToolFailure.NotStarted, $"{tool} could not be started.", string.Empty, ex);
        }

        T result = default!;
        ToolFailure? failure;
        try
        {
            failure = await WatchAsync(started.Result, started.Pid, watch, cancellationToken);
            if (failure is not null || cancellationToken.IsCancellationRequested)
            {
                await stop.CancelAsync();
            }

            try
            {
                result = await started.Result;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // Stopped here: told below as the caller's cancellation or the limit that was hit.
            }
            catch (Exception ex) when (IsNotStarted(ex))
            {
                throw new ToolRunException(ToolFailure.NotStarted, $"{tool} could not be started.", string.Empty, ex);
            }
        }
        finally
        {
            _guard.Forget(started.Pid);
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (failure is { } kind)
        {
            var limit = kind == ToolFailure.TimedOut ? _options.ProcessTimeout : _options.StallTimeout;
            var what = kind == ToolFailure.TimedOut ? "did not finish within" : "made no progress for";
            var tail = stderrTail();
            LogKilled(_logger, tool, kind, tail);
            throw new ToolRunException(kind, string.Create(CultureInfo.InvariantCulture, $"{tool} {what} {limit.TotalSeconds:0.###} s and was stopped."), tail);
        }

        return result;
    }

    /// <summary>Waits for the run to end; returns why it must be stopped, or null when it ended or the caller cancelled.</summary>
    private async Task<ToolFailure?> WatchAsync(Task run, int? pid, ProgressWatch watch, CancellationToken cancellationToken)
    {
        var started = Stopwatch.StartNew();
        var poll = TimeSpan.FromMilliseconds(Math.Clamp(_options.StallTimeout.TotalMilliseconds / 4, 20, 1000));
        while (true)
        {
            // A cancelled delay completes at once, so cancellation is seen without waiting for the next poll.
            await Task.WhenAny(run, Task.Delay(poll, cancellationToken));
            if (run.IsCompleted || cancellationToken.IsCancellationRequested)
            {
                return null;
            }

            if (started.Elapsed >= _options.ProcessTimeout)
            {
                return ToolFailure.TimedOut;
            }

            if (watch.CountsReads && pid is { } id && ProgressWatch.BytesRead(id) is { } read)
            {
                watch.RecordRead(read);
            }

            if (watch.SinceLastProgress >= _options.StallTimeout)
            {
                return ToolFailure.Stalled;
            }
        }
    }

    /// <summary>The per-call options: the binary folder (the configured one, else the PATH folder holding the tool) and the temporary folder.</summary>
    private FFOptions ToolOptions(MediaTool tool)
    {
        var name = tool == MediaTool.Ffmpeg ? "ffmpeg" : "ffprobe";
        var folder = string.IsNullOrWhiteSpace(_options.BinaryFolder) ? FolderOnPath(name) : _options.BinaryFolder;
        return new FFOptions
        {
            // FFMpegCore looks in its folder (and an x64 folder under it), else runs the bare name; an empty folder would
            // make it look in the working directory first.
            BinaryFolder = folder ?? string.Empty,
            TemporaryFilesFolder = Path.GetTempPath(),
        };
    }

    private static string? FolderOnPath(string name)
    {
        var file = OperatingSystem.IsWindows() ? name + ".exe" : name;
        return (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(folder => Path.IsPathFullyQualified(folder) && File.Exists(Path.Combine(folder, file)));
    }

    /// <summary>The binary was missing or could not be run (FFMpegCore's check of it, or the start itself).</summary>
    private static bool IsNotStarted(Exception ex) =>
        ex is InstanceFileNotFoundException or Win32Exception
        || (ex is FFMpegException && ex is not (FFMpegProcessException or FFProbeProcessException or FormatNullException or FFMpegStreamFormatException));

    [LoggerMessage(EventId = 1001, Level = LogLevel.Debug, Message = "Running {Tool} {Arguments}")]
    private static partial void LogCommand(ILogger logger, string tool, string arguments);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "{Tool} was killed ({Failure}); last output:\n{StderrTail}")]
    private static partial void LogKilled(ILogger logger, string tool, ToolFailure failure, string stderrTail);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Debug, Message = "{Tool} exited with code {ExitCode}; last output:\n{StderrTail}")]
    private static partial void LogFailedExit(ILogger logger, string tool, int exitCode, string stderrTail);
}
