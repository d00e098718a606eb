namespace VodSnapshot.Tests.TestSupport;

/// <summary>Runs ffmpeg directly, for making test media; the code under test never goes through here.</summary>
public static class FfmpegCli
{
    /// <summary>The longest a tool making test media may run.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    public static async Task RunAsync(string tool, IEnumerable<string> arguments, CancellationToken cancellationToken) =>
        await OutputAsync(tool, arguments, cancellationToken);

    /// <summary>Runs <paramref name="tool"/> and answers what it wrote to stdout; fails when it exits with an error.</summary>
    public static async Task<string> OutputAsync(string tool, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var list = arguments.ToList();
        var result = await ChildProcess.RunAsync(tool, list, Timeout, cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} {string.Join(' ', list)} failed:\n{result.Stderr}");
        }

        return result.Stdout;
    }

    /// <summary>Command lines of running processes whose arguments contain <paramref name="marker"/> (Linux /proc).</summary>
    public static IReadOnlyList<string> RunningWith(string marker) => [.. Running(marker).Select(p => p.CommandLine)];

    /// <summary>Pids of running processes whose arguments contain <paramref name="marker"/>, as <see cref="RunningWith"/> finds them.</summary>
    public static IReadOnlyList<int> PidsRunningWith(string marker) => [.. Running(marker).Select(p => p.Pid)];

    private static List<(int Pid, string CommandLine)> Running(string marker)
    {
        var found = new List<(int Pid, string CommandLine)>();
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), out var pid))
            {
                continue;
            }

            try
            {
                var commandLine = File.ReadAllText(Path.Combine(folder, "cmdline")).Replace('\0', ' ');
                if (commandLine.Contains(marker, StringComparison.Ordinal) && !commandLine.StartsWith("/usr/bin/mkfifo", StringComparison.Ordinal))
                {
                    found.Add((pid, commandLine));
                }
            }
            catch (IOException)
            {
                // The process ended while being read.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return found;
    }
}
