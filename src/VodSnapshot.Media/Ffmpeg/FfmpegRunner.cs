using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace VodSnapshot.Media.Ffmpeg;

/// <summary>
/// Runs ffmpeg and ffprobe as bounded child processes: a shared cap on concurrent decoders, an overall timeout,
/// a watchdog that kills a run showing no progress, cancellation that kills the whole process tree, and a kept tail of stderr.
/// </summary>
internal sealed partial class FfmpegRunner : IDisposable
{
    private const int StderrTailLines = 30;

    private static readonly string[] ProgressKeys = ["frame=", "out_time_us=", "total_size=", "progress=end"];

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
        FfmpegPath = BinaryPath(_options.BinaryFolder, "ffmpeg");
        FfprobePath = BinaryPath(_options.BinaryFolder, "ffprobe");
    }

    public string FfmpegPath { get; }

    public string FfprobePath { get; }

    public FfmpegOptions Options => _options;

    public void Dispose() => _slots.Dispose();

    public async Task<ToolRun> RunAsync(ToolInvocation invocation, CancellationToken cancellationToken)
    {
        if (invocation.Decodes)
        {
            await _slots.WaitAsync(cancellationToken);
        }

        try
        {
            return await RunProcessAsync(invocation, cancellationToken);
        }
        finally
        {
            if (invocation.Decodes)
            {
                _slots.Release();
            }
        }
    }

    private async Task<ToolRun> RunProcessAsync(ToolInvocation invocation, CancellationToken cancellationToken)
    {
        var path = invocation.Tool == MediaTool.Ffmpeg ? FfmpegPath : FfprobePath;
        var tool = Path.GetFileName(path);
        var startInfo = new ProcessStartInfo(path)
        {
            UseShellExecute = false,
            CreateNoWindow = true,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in invocation.Arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        if (_logger.IsEnabled(LogLevel.Debug))
        {
            var commandLine = string.Join(' ', invocation.Arguments.Select(QuoteForLog));
            LogCommand(_logger, path, commandLine);
        }

        Process started;
        try
        {
            started = _guard.Start(startInfo);
        }
        catch (Exception ex) when (ex is Win32Exception or InvalidOperationException or IOException)
        {
            throw new ToolRunException(ToolFailure.NotStarted, $"{tool} could not be started.", string.Empty, ex);
        }

        using var process = started;

        // Nothing is ever sent on stdin; closing it makes a tool that tries to read it see end of file instead of hanging.
        process.StandardInput.Close();

        var watch = new ProgressWatch();
        var tail = new Queue<string>(StderrTailLines);
        var stdout = new StringBuilder();
        var captureStdout = invocation.CaptureStdout;

        var stdoutPump = PumpAsync(process.StandardOutput, line =>
        {
            if (captureStdout)
            {
                stdout.AppendLine(line);
                watch.Touch();
            }
            else if (IsProgressChange(line, watch))
            {
                watch.Touch();
            }
        });
        var stderrPump = PumpAsync(process.StandardError, line =>
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
        });

        var failure = await WatchAsync(process, watch, cancellationToken);
        if (failure is not null || cancellationToken.IsCancellationRequested)
        {
            Kill(process);
        }

        await process.WaitForExitAsync(CancellationToken.None);
        _guard.Forget(process);
        await Task.WhenAll(stdoutPump, stderrPump);

        string stderrTail;
        lock (tail)
        {
            stderrTail = string.Join('\n', tail);
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (failure is { } kind)
        {
            var limit = kind == ToolFailure.TimedOut ? _options.ProcessTimeout : _options.StallTimeout;
            var what = kind == ToolFailure.TimedOut ? "did not finish within" : "made no progress for";
            LogKilled(_logger, tool, kind, stderrTail);
            throw new ToolRunException(kind, string.Create(CultureInfo.InvariantCulture, $"{tool} {what} {limit.TotalSeconds:0.###} s and was stopped."), stderrTail);
        }

        if (process.ExitCode != 0)
        {
            LogFailedExit(_logger, tool, process.ExitCode, stderrTail);
        }

        return new ToolRun(process.ExitCode, stdout.ToString(), stderrTail);
    }

    /// <summary>Waits for the process to exit; returns why it must be killed, or null when it exited or the caller cancelled.</summary>
    private async Task<ToolFailure?> WatchAsync(Process process, ProgressWatch watch, CancellationToken cancellationToken)
    {
        var started = Stopwatch.StartNew();
        var poll = TimeSpan.FromMilliseconds(Math.Clamp(_options.StallTimeout.TotalMilliseconds / 4, 20, 1000));
        var exited = process.WaitForExitAsync(CancellationToken.None);
        while (true)
        {
            // A cancelled delay completes at once, so cancellation is seen without waiting for the next poll.
            await Task.WhenAny(exited, Task.Delay(poll, cancellationToken));
            if (exited.IsCompleted || cancellationToken.IsCancellationRequested)
            {
                return null;
            }

            if (started.Elapsed >= _options.ProcessTimeout)
            {
                return ToolFailure.TimedOut;
            }

            if (watch.SinceLastProgress >= _options.StallTimeout)
            {
                return ToolFailure.Stalled;
            }
        }
    }

    /// <summary>
    /// ffmpeg prints its progress block about twice a second even while it waits on input that never comes,
    /// so only a change in frames written, output time or bytes counts as progress.
    /// </summary>
    private static bool IsProgressChange(string line, ProgressWatch watch)
    {
        foreach (var key in ProgressKeys)
        {
            if (line.StartsWith(key, StringComparison.Ordinal))
            {
                return watch.Record(key, line);
            }
        }

        return false;
    }

    private static async Task PumpAsync(StreamReader reader, Action<string> onLine)
    {
        while (await reader.ReadLineAsync(CancellationToken.None) is { } line)
        {
            onLine(line);
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited between the check and the kill.
        }
        catch (Win32Exception)
        {
            // Exiting while being killed; WaitForExitAsync below still observes the end.
        }
    }

    private static string BinaryPath(string? folder, string name)
    {
        var file = OperatingSystem.IsWindows() ? name + ".exe" : name;
        return string.IsNullOrWhiteSpace(folder) ? file : Path.Combine(folder, file);
    }

    private static string QuoteForLog(string argument) =>
        argument.Length > 0 && !argument.Any(char.IsWhiteSpace) && !argument.Contains('\'', StringComparison.Ordinal)
            ? argument
            : "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    [LoggerMessage(EventId = 1001, Level = LogLevel.Debug, Message = "Running {Tool} {Arguments}")]
    private static partial void LogCommand(ILogger logger, string tool, string arguments);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "{Tool} was killed ({Failure}); last output:\n{StderrTail}")]
    private static partial void LogKilled(ILogger logger, string tool, ToolFailure failure, string stderrTail);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Debug, Message = "{Tool} exited with code {ExitCode}; last output:\n{StderrTail}")]
    private static partial void LogFailedExit(ILogger logger, string tool, int exitCode, string stderrTail);

    /// <summary>When a run last showed progress; updated from the output pump threads.</summary>
    private sealed class ProgressWatch
    {
        private readonly Dictionary<string, string> _last = new(StringComparer.Ordinal);
        private long _lastProgress = Environment.TickCount64;

        public TimeSpan SinceLastProgress => TimeSpan.FromMilliseconds(Environment.TickCount64 - Interlocked.Read(ref _lastProgress));

        public void Touch() => Interlocked.Exchange(ref _lastProgress, Environment.TickCount64);

        /// <summary>Stores the latest value of a progress key; true when it differs from the one before.</summary>
        public bool Record(string key, string line)
        {
            lock (_last)
            {
                if (_last.TryGetValue(key, out var previous) && previous == line)
                {
                    return false;
                }

                _last[key] = line;
                return true;
            }
        }
    }
}
