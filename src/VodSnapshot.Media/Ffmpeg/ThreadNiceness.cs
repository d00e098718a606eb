using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace VodSnapshot.Media.Ffmpeg;

/// <summary>
/// Sets the niceness of the calling thread. On Linux niceness is per thread and a forked child inherits its thread's, so the
/// thread that starts the media tools hands its niceness to each of them. .NET's <c>Process.PriorityClass</c> could only
/// renice a tool after it started, and FFMpegCore exposes no process before it runs.
/// </summary>
internal static partial class ThreadNiceness
{
    private const int PrioProcess = 0;

    public static void TrySet(int niceness, ILogger logger)
    {
        if (niceness == 0 || !OperatingSystem.IsLinux())
        {
            return;
        }

        // On Linux PRIO_PROCESS with a thread id addresses that one thread.
        if (SetPriority(PrioProcess, GetTid(), niceness) != 0)
        {
            LogNotSet(logger, niceness, Marshal.GetLastPInvokeError());
        }
    }

    [DllImport("libc", EntryPoint = "setpriority", ExactSpelling = true, SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int SetPriority(int which, int who, int priority);

    [DllImport("libc", EntryPoint = "gettid", ExactSpelling = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int GetTid();

    [LoggerMessage(Level = LogLevel.Warning, Message = "The media tools run at the service's priority: niceness {Niceness} could not be set (errno {Errno})")]
    private static partial void LogNotSet(ILogger logger, int niceness, int errno);
}
