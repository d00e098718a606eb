using System.Diagnostics;

namespace VodSnapshot.ToolSentinel;

/// <summary>Tells a live process from a later one that reused its pid: boot id and kernel start time (Linux /proc).</summary>
internal static class ProcessIdentity
{
    /// <summary>Boot id and kernel start time of a live process (null when it is gone or a zombie): a pid with the same pair is the same process.</summary>
    public static string? Read(int pid)
    {
        try
        {
            var fields = StatFields(pid);
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

    /// <summary>
    /// The fields of <c>/proc/&lt;pid&gt;/stat</c> after the command name, which may hold spaces and parentheses: [0] is the
    /// state, [16] the niceness, [19] the start time. Throws an <see cref="IOException"/> when the process is gone.
    /// </summary>
    public static string[] StatFields(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
    }

    /// <summary>Kills <paramref name="pid"/> when it is still the process <paramref name="identity"/> names; false when it is another or gone.</summary>
    public static bool KillIfSame(int pid, string? identity)
    {
        if (identity is null || Read(pid) != identity)
        {
            return false;
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            process.Kill();
            return true;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Gone between the check and the kill.
            return false;
        }
    }
}
