using System.Diagnostics;

namespace VodSnapshot.Tests.TestSupport;

/// <summary>What a finished child process left: its exit code and everything it wrote.</summary>
public sealed record ChildProcessResult(int ExitCode, string Stdout, string Stderr);

/// <summary>Runs a program to its end, never longer than a timeout: on timeout or cancellation its whole tree is killed.</summary>
public static class ChildProcess
{
    public static async Task<ChildProcessResult> RunAsync(string fileName, IEnumerable<string> arguments, TimeSpan timeout, CancellationToken ct,
        string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? string.Empty,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        var stdout = process.StandardOutput.ReadToEndAsync(cts.Token);
        var stderr = process.StandardError.ReadToEndAsync(cts.Token);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            if (!ct.IsCancellationRequested)
            {
                throw new TimeoutException($"{fileName} {string.Join(' ', start.ArgumentList)} did not finish within {timeout}.");
            }

            throw;
        }

        return new ChildProcessResult(process.ExitCode, await stdout, await stderr);
    }
}
