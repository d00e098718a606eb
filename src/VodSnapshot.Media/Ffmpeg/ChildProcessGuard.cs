using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VodSnapshot.ToolSentinel;

namespace VodSnapshot.Media.Ffmpeg;

/// <summary>
/// Makes sure no ffmpeg or ffprobe outlives the service, even when the service is killed with SIGKILL and has no chance
/// to stop its children. FFMpegCore (through Instances) starts every tool itself and exposes neither the start nor the
/// process, so three pieces work around it:
/// <list type="bullet">
/// <item>Every start runs on one dedicated thread (<see cref="StartAsync{T}"/>): FFMpegCore's
/// <c>ProcessAsynchronously</c>, <c>FFProbe.AnalyseAsync</c> and friends fork before their first await, so the new tool is
/// then the one child of that thread that was not there before (<c>/proc/self/task/&lt;tid&gt;/children</c>), which gives
/// its pid.</item>
/// <item>Each running tool is told to the tool sentinel (<c>VodSnapshot.ToolSentinel</c>), a small process started once
/// beside the service with a pipe on its stdin. When the service dies in any way the kernel closes that pipe, and the
/// sentinel kills the tools still listed (a test kills the real service with SIGKILL and requires its blocked ffmpeg gone
/// within 2 s). The kernel's own parent-death signal (<c>setpriv --pdeathsig KILL</c>, used before FFMpegCore) would need
/// the project's code between fork and exec, which FFMpegCore's start leaves no room for; starting the tools ourselves
/// again only for that would bypass the library for every run. The sentinel costs one process of about 25 MB for the
/// service's life; a tool started in the instant before the service dies, and not yet told, is left to the next item.</item>
/// <item>Each running tool's pid and kernel start time are recorded in <see cref="FfmpegOptions.ProcessRecordFolder"/>
/// while it runs. At start (<see cref="ReapSurvivors"/>) any recorded process still alive with the same start time
/// (so never a later process that reused the pid) is killed: this covers a sentinel that could not run.</item>
/// </list>
/// </summary>
internal sealed partial class ChildProcessGuard : IDisposable
{
    private readonly BlockingCollection<Action> _starts = [];
    private readonly string? _records;
    private readonly ILogger<ChildProcessGuard> _logger;
    private readonly TaskCompletionSource<string?> _children = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ToolSentinelClient _sentinel;
    private readonly int _niceness;
    private bool _niced; // touched on the starter thread only

    public ChildProcessGuard(IOptions<FfmpegOptions> options, ILogger<ChildProcessGuard> logger)
    {
        _logger = logger;
        _sentinel = new ToolSentinelClient(logger);
        _records = string.IsNullOrWhiteSpace(options.Value.ProcessRecordFolder) ? null : Path.GetFullPath(options.Value.ProcessRecordFolder);
        _niceness = options.Value.Niceness;
        var thread = new Thread(() =>
        {
            // "/proc/thread-self" links to "<pid>/task/<tid>": the children of this thread are listed beside it.
            var self = new DirectoryInfo("/proc/thread-self").LinkTarget;
            var children = self is null ? null : Path.Combine("/proc", self, "children");
            _children.SetResult(children is not null && File.Exists(children) ? children : null);
            foreach (var start in _starts.GetConsumingEnumerable())
            {
                start();
            }
        })
        {
            IsBackground = true,
            Name = "media tool starter",
        };
        thread.Start();
    }

    /// <summary>Whether a tool still running when the service dies is ended at once (the sentinel runs), not only at the next start.</summary>
    public bool EndsWithParent => _sentinel.IsRunning;

    /// <summary>
    /// Runs <paramref name="start"/> (a call that starts one tool and returns before it ends) on the starter thread, and
    /// records the tool it started. The pid is null when none could be told apart (the call failed before starting, or
    /// the tool was already gone). Throws what <paramref name="start"/> throws.
    /// </summary>
    public Task<StartedTool<T>> StartAsync<T>(Func<T> start)
    {
        var started = new TaskCompletionSource<StartedTool<T>>(TaskCreationOptions.RunContinuationsAsynchronously);
        _starts.Add(() =>
        {
            try
            {
                // Started here before the first tool, so it is a child of this thread that is never new.
                _sentinel.EnsureStarted();
                if (!_niced)
                {
                    // Every tool is forked by this thread and starts with its niceness: set once, no tool ever runs at
                    // the service's priority first (which a renice after the start would allow). Only after the
                    // sentinel, which keeps the service's priority so it ends the tools promptly however busy the CPU.
                    ThreadNiceness.TrySet(_niceness, _logger);
                    _niced = true;
                }

                var before = ListChildren();
                var result = start();
                var pid = ListChildren().Except(before).Cast<int?>().FirstOrDefault();
                if (pid is { } child)
                {
                    Watch(child);
                }

                started.SetResult(new StartedTool<T>(result, pid));
            }
            catch (Exception ex)
            {
                started.SetException(ex);
            }
        });
        return started.Task;
    }

    /// <summary>Drops the record of a tool that has exited.</summary>
    public void Forget(int? pid)
    {
        if (pid is not { } id)
        {
            return;
        }

        _sentinel.Tell(string.Create(CultureInfo.InvariantCulture, $"-{id}"));
        if (_records is not null)
        {
            TryDelete(Path.Combine(_records, id.ToString(CultureInfo.InvariantCulture)));
        }
    }

    /// <summary>Kills every recorded tool that is still the same process, and drops all records. Returns how many were killed.</summary>
    public int ReapSurvivors()
    {
        if (_records is null || !Directory.Exists(_records))
        {
            return 0;
        }

        var killed = 0;
        foreach (var file in Directory.EnumerateFiles(_records))
        {
            if (int.TryParse(Path.GetFileName(file), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && ProcessIdentity.KillIfSame(pid, ReadRecord(file)))
            {
                killed++;
                LogReaped(_logger, pid);
            }

            TryDelete(file);
        }

        return killed;
    }

    public void Dispose()
    {
        _starts.CompleteAdding();
        _sentinel.Dispose();
    }

    /// <summary>Boot id and kernel start time of a live process: a pid with the same pair is the same process.</summary>
    internal static string? ReadIdentity(int pid) => ProcessIdentity.Read(pid);

    /// <summary>Writes the record of a process and tells the sentinel, as <see cref="StartAsync{T}"/> does for every tool it starts.</summary>
    internal void Record(int pid)
    {
        if (_records is null || ReadIdentity(pid) is not { } identity)
        {
            return;
        }

        Directory.CreateDirectory(_records);
        File.WriteAllText(Path.Combine(_records, pid.ToString(CultureInfo.InvariantCulture)), identity);
    }

    private void Watch(int pid)
    {
        if (ReadIdentity(pid) is not { } identity)
        {
            return;
        }

        _sentinel.Tell(string.Create(CultureInfo.InvariantCulture, $"+{pid} {identity}"));
        try
        {
            Record(pid);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A full or read-only state folder must not stop the tool (health checks and the jobs that free space
            // need it): the sentinel still ends it with the service; only the restart sweep misses it.
            LogNotRecorded(_logger, ex, pid);
        }
    }

    private HashSet<int> ListChildren()
    {
        var file = _children.Task.Result;
        var children = new HashSet<int>();
        if (file is null)
        {
            return children;
        }

        try
        {
            foreach (var pid in File.ReadAllText(file).Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                children.Add(int.Parse(pid, NumberStyles.None, CultureInfo.InvariantCulture));
            }
        }
        catch (IOException)
        {
        }

        return children;
    }

    private static string? ReadRecord(string file)
    {
        try
        {
            return File.ReadAllText(file).Trim();
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static void TryDelete(string file)
    {
        try
        {
            File.Delete(file);
        }
        catch (IOException)
        {
            // Read again at the next start; a record whose process is gone is harmless.
        }
    }

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, Message = "Killed media tool process {Pid}, left running by an earlier run of the service")]
    private static partial void LogReaped(ILogger logger, int pid);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Warning, Message = "Could not record tool process {Pid} in the state folder; it still ends with the service, but a restart cannot find it")]
    private static partial void LogNotRecorded(ILogger logger, Exception exception, int pid);

}

/// <summary>What a start call returned, and the pid of the tool it started (null when none could be told apart).</summary>
internal readonly record struct StartedTool<T>(T Result, int? Pid);
