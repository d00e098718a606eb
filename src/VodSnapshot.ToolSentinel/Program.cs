using System.Globalization;
using System.Runtime.InteropServices;

namespace VodSnapshot.ToolSentinel;

/// <summary>
/// Ends the media tools of a service that died. The service starts this program once, with a pipe on its stdin, and
/// writes "+PID IDENTITY" when a tool starts and "-PID" when it has exited. The kernel closes the pipe when the
/// service ends in any way, SIGKILL included; this program then reads end of file, kills every tool still listed that is
/// the same process (same boot id and start time, so never a later process that reused the pid) and exits.
/// <para/>
/// It exists because FFMpegCore (through Instances) starts ffmpeg and ffprobe itself: nothing of the project runs
/// between its fork and exec, so the kernel's parent-death signal cannot be set on the tools (see ChildProcessGuard).
/// </summary>
internal static class Sentinel
{
    public static void Main()
    {
        // Signals meant for the service's process group (a Ctrl-C in a terminal, a stop of the whole group) must not end the
        // sentinel before the service: it leaves only when its pipe closes.
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => context.Cancel = true);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => context.Cancel = true);
        using var hangUp = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context => context.Cancel = true);

        var running = new Dictionary<int, string>();
        using (var input = Console.OpenStandardInput())
        using (var reader = new StreamReader(input))
        {
            while (reader.ReadLine() is { } line)
            {
                var space = line.IndexOf(' ', StringComparison.Ordinal);
                var pidText = line.Length < 2 ? [] : space < 0 ? line.AsSpan(1) : line.AsSpan(1, space - 1);
                if (!int.TryParse(pidText, NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
                {
                    continue;
                }

                if (line[0] == '+' && space > 0)
                {
                    running[pid] = line[(space + 1)..];
                }
                else if (line[0] == '-')
                {
                    running.Remove(pid);
                }
            }
        }

        foreach (var (pid, identity) in running)
        {
            ProcessIdentity.KillIfSame(pid, identity);
        }
    }
}
