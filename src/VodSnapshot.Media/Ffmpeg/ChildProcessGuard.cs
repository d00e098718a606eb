using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace VodSnapshot.Media.Ffmpeg;

/// <summary>
/// Makes sure no ffmpeg or ffprobe outlives the service, even when the service is killed with SIGKILL and has no chance
/// to stop its children. Two layers:
/// <list type="bullet">
/// <item>On Linux each tool starts through util-linux's <c>setpriv --pdeathsig KILL</c>, which sets the parent-death signal
/// and then execs the tool (no shell, the arguments pass through untouched): the kernel kills the tool the moment its
/// parent goes. .NET cannot set that signal itself between fork and exec without native code. The kernel ties the signal
/// to the thread that forked, not the process, and thread-pool threads retire when idle, so every start happens on one
/// dedicated thread that lives as long as the service.</item>
/// <item>Each running tool's pid and kernel start time are recorded in <see cref="FfmpegOptions.ProcessRecordFolder"/>
/// while it runs. At start (<see cref="ReapSurvivors"/>) any recorded process still alive with the same start time
/// (so never a later process that reused the pid) is killed: this covers systems without setpriv.</item>
/// </list>
/// </summary>
internal sealed partial class ChildProcessGuard : IDisposable
{
    private const string SetPriv = "/usr/bin/setpriv";

    private readonly BlockingCollection<Action> _starts = [];
    private readonly string? _records;
    private readonly bool _deathSignal;
    private readonly ILogger<ChildProcessGuard> _logger;

    public ChildProcessGuard(IOptions<FfmpegOptions> options, ILogger<ChildProcessGuard> logger)
    {
        _logger = logger;
        _records = string.IsNullOrWhiteSpace(options.Value.ProcessRecordFolder) ? null : Path.GetFullPath(options.Value.ProcessRecordFolder);
        _deathSignal = OperatingSystem.IsLinux() && File.Exists(SetPriv);
        var thread = new Thread(() =>
        {
            foreach (var start in _starts.GetConsumingEnumerable())
            {
                start();
            }
        })
        {
            IsBackground = true,
            Name = "ffmpeg starter",
        };
        thread.Start();
    }

    /// <summary>Whether the kernel ends the tools when the service dies (setpriv is present), not only the clean-up at the next start.</summary>
    public bool EndsWithParent => _deathSignal;

    /// <summary>Starts <paramref name="startInfo"/>'s program (under setpriv where available) and records it. Throws what <see cref="Process.Start()"/> throws.</summary>
    public Process Start(ProcessStartInfo startInfo)
    {
        if (_deathSignal)
        {
            // setpriv would report a missing program only by its exit code; find it first so that stays a failure to start.
            var program = Resolve(startInfo.FileName)
                ?? throw new System.ComponentModel.Win32Exception(2, $"\"{startInfo.FileName}\" was not found.");
            startInfo.FileName = program;
            var arguments = startInfo.ArgumentList.ToList();
            startInfo.ArgumentList.Clear();
            foreach (var argument in (string[])["--pdeathsig", "KILL", "--", startInfo.FileName, .. arguments])
            {
                startInfo.ArgumentList.Add(argument);
            }

            startInfo.FileName = SetPriv;
        }

        var started = new TaskCompletionSource<Process>(TaskCreationOptions.RunContinuationsAsynchronously);
        _starts.Add(() =>
        {
            var process = new Process { StartInfo = startInfo };
            try
            {
                process.Start();
                started.SetResult(process);
            }
            catch (Exception ex)
            {
                process.Dispose();
                started.SetException(ex);
            }
        });

        var child = started.Task.GetAwaiter().GetResult();
        try
        {
            Record(child.Id);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A full or read-only state folder must not stop the tool (health checks and the jobs that free space
            // need it): the parent-death signal still ends it with the service; only the restart sweep misses it.
            LogNotRecorded(_logger, ex, child.Id);
        }

        return child;
    }

    /// <summary>Drops the record of a tool that has exited.</summary>
    public void Forget(Process process)
    {
        if (_records is not null)
        {
            TryDelete(Path.Combine(_records, process.Id.ToString(CultureInfo.InvariantCulture)));
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
                && ReadIdentity(pid) is { } alive && alive == ReadRecord(file))
            {
                try
                {
                    using var survivor = Process.GetProcessById(pid);
                    survivor.Kill();
                    killed++;
                    LogReaped(_logger, pid);
                }
                catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
                {
                    // Gone between the check and the kill.
                }
            }

            TryDelete(file);
        }

        return killed;
    }

    public void Dispose() => _starts.CompleteAdding();

    /// <summary>Boot id and kernel start time of a live process: a pid with the same pair is the same process.</summary>
    internal static string? ReadIdentity(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // Fields after the command name (which may hold spaces and parentheses) start after its closing parenthesis.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            if (fields[0] == "Z")
            {
                return null;
            }

            return File.ReadAllText("/proc/sys/kernel/random/boot_id").Trim() + " " + fields[19];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>Writes the record of a process, as <see cref="Start"/> does for every tool it starts.</summary>
    internal void Record(int pid)
    {
        if (_records is null || ReadIdentity(pid) is not { } identity)
        {
            return;
        }

        Directory.CreateDirectory(_records);
        File.WriteAllText(Path.Combine(_records, pid.ToString(CultureInfo.InvariantCulture)), identity);
    }

    /// <summary>The full path of a program: as given when it holds a folder, else the first match on PATH; null when there is none.</summary>
    private static string? Resolve(string program)
    {
        if (program.Contains('/', StringComparison.Ordinal))
        {
            return File.Exists(program) ? Path.GetFullPath(program) : null;
        }

        return (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, program))
            .FirstOrDefault(File.Exists);
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
