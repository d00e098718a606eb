using System.Diagnostics;

namespace VodSnapshot.Tests.TestSupport;

/// <summary>Runs ffmpeg directly, for making test media; the code under test never goes through here.</summary>
public static class FfmpegCli
{
    public static async Task RunAsync(string tool, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(tool)
        {
            UseShellExecute = false,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo)!;
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        await stdout;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} {string.Join(' ', startInfo.ArgumentList)} failed:\n{await stderr}");
        }
    }

    /// <summary>Command lines of running processes whose arguments contain <paramref name="marker"/> (Linux /proc).</summary>
    public static IReadOnlyList<string> RunningWith(string marker)
    {
        var found = new List<string>();
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), out _))
            {
                continue;
            }

            try
            {
                var commandLine = File.ReadAllText(Path.Combine(folder, "cmdline")).Replace('\0', ' ');
                if (commandLine.Contains(marker, StringComparison.Ordinal) && !commandLine.StartsWith("/usr/bin/mkfifo", StringComparison.Ordinal))
                {
                    found.Add(commandLine);
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
