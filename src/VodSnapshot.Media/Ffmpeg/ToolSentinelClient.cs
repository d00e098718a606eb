using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace VodSnapshot.Media.Ffmpeg;

/// <summary>
/// The service's end of the tool sentinel (<c>VodSnapshot.ToolSentinel</c>, see <see cref="ChildProcessGuard"/>): starts
/// it once and tells it, one line on its stdin each, the tools that start and end. Closing the pipe (a clean stop here, or
/// the kernel when the service dies) makes it kill the tools still listed and leave.
/// </summary>
internal sealed partial class ToolSentinelClient(ILogger logger) : IDisposable
{
    private const string SentinelAssembly = "VodSnapshot.ToolSentinel.dll";

    private readonly Lock _lock = new();
    private Process? _process;
    private bool _tried;

    /// <summary>Whether the sentinel runs, so that a tool still running when the service dies is ended at once.</summary>
    public bool IsRunning
    {
        get
        {
            lock (_lock)
            {
                return _process is { HasExited: false };
            }
        }
    }

    /// <summary>Starts the sentinel on the first call; a sentinel that cannot run is logged once and leaves the restart sweep.</summary>
    public void EnsureStarted()
    {
        lock (_lock)
        {
            if (_tried)
            {
                return;
            }

            _tried = true;
            var assembly = Path.Combine(AppContext.BaseDirectory, SentinelAssembly);
            if (!OperatingSystem.IsLinux() || !File.Exists(assembly) || DotnetHost() is not { } host)
            {
                LogNoSentinel(logger, "the sentinel or the dotnet host was not found beside the service");
                return;
            }

            // Its output is never read; it writes nothing unless it fails.
            var startInfo = new ProcessStartInfo(host, ["exec", assembly])
            {
                UseShellExecute = false,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            try
            {
                _process = Process.Start(startInfo);
            }
            catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
            {
                LogNoSentinel(logger, ex.Message);
            }
        }
    }

    /// <summary>Sends one line ("+PID IDENTITY" or "-PID").</summary>
    public void Tell(string line)
    {
        lock (_lock)
        {
            if (_process is null)
            {
                return;
            }

            try
            {
                _process.StandardInput.WriteLine(line);
                _process.StandardInput.Flush();
            }
            catch (IOException ex)
            {
                LogNoSentinel(logger, "the sentinel ended: " + ex.Message);
                _process.Dispose();
                _process = null;
            }
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            // Closing its stdin tells the sentinel to end what is still listed (nothing, after a clean stop) and leave.
            try
            {
                _process?.StandardInput.Close();
            }
            catch (IOException)
            {
            }

            _process?.Dispose();
            _process = null;
        }
    }

    /// <summary>The dotnet host running this service (the sentinel is a framework-dependent program of the same runtime).</summary>
    private static string? DotnetHost()
    {
        var current = Environment.ProcessPath;
        if (current is not null && Path.GetFileNameWithoutExtension(current) == "dotnet")
        {
            return current;
        }

        // Started through an app host: the runtime lives at <root>/shared/Microsoft.NETCore.App/<version>/.
        var runtime = System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory();
        var root = Path.GetFullPath(Path.Combine(runtime, "..", "..", ".."));
        var host = Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
        return File.Exists(host) ? host : null;
    }

    [LoggerMessage(EventId = 1006, Level = LogLevel.Warning, Message = "No media tool sentinel ({Reason}): a tool still running when the service is killed ends only at the next start")]
    private static partial void LogNoSentinel(ILogger logger, string reason);
}
