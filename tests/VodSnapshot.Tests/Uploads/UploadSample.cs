using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;

namespace VodSnapshot.Tests.Uploads;

/// <summary>
/// samples/vod-upload with the vendor's Node clients (ali-oss, @alicloud/pop-core) as its lock file pins them,
/// installed by <c>npm ci</c> once per run when missing; runs its scripts and reads the JSON line they print last.
/// </summary>
public sealed class UploadSample
{
    private static readonly SemaphoreSlim InstallLock = new(1, 1);
    private static bool _installed;

    public string Folder { get; } = Path.Combine(RepositoryRoot(), "samples", "vod-upload");

    /// <summary>Why the sample cannot run here (no npm), or null.</summary>
    public string? Missing { get; private set; }

    public async Task InstallAsync()
    {
        await InstallLock.WaitAsync();
        try
        {
            if (_installed)
            {
                return;
            }

            try
            {
                await RunAsync(NpmCommand, ["--version"], [], TimeSpan.FromSeconds(60));
            }
            catch (Win32Exception)
            {
                Missing = "npm is not installed; the ali-oss upload tests need Node.js with npm on PATH.";
                return;
            }

            if (!IsInstalled())
            {
                var (exit, stdout, stderr) = await RunAsync(NpmCommand, ["ci", "--no-audit", "--no-fund"], [], TimeSpan.FromMinutes(5));
                Assert.True(exit == 0, $"npm ci failed in samples/vod-upload:\n{stdout}\n{stderr}");
            }

            _installed = true;
        }
        finally
        {
            InstallLock.Release();
        }
    }

    public void SkipUnlessInstalled()
    {
        if (Missing is not null)
        {
            Assert.Skip(Missing);
        }
    }

    /// <summary>Runs a script of the sample; answers its last JSON line and everything it printed.</summary>
    public async Task<(JsonElement Last, string Output)> RunScriptAsync(string[] arguments, Dictionary<string, string> environment, TimeSpan timeout)
    {
        var (exit, stdout, stderr) = await RunAsync("node", arguments, environment, timeout);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(lines.Length > 0 && exit is 0 or 1, $"node {string.Join(' ', arguments)} exited {exit}:\n{stdout}\n{stderr}");
        return (JsonDocument.Parse(lines[^1]).RootElement.Clone(), stdout + stderr);
    }

    private static string NpmCommand => OperatingSystem.IsWindows() ? "npm.cmd" : "npm";

    private bool IsInstalled()
    {
        using var pinned = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "package.json")));
        foreach (var dependency in pinned.RootElement.GetProperty("dependencies").EnumerateObject())
        {
            var installed = Path.Combine(Folder, "node_modules", dependency.Name, "package.json");
            if (!File.Exists(installed))
            {
                return false;
            }

            using var actual = JsonDocument.Parse(File.ReadAllText(installed));
            if (actual.RootElement.GetProperty("version").GetString() != dependency.Value.GetString())
            {
                return false;
            }
        }

        return true;
    }

    private async Task<(int Exit, string Stdout, string Stderr)> RunAsync(string fileName, string[] arguments, Dictionary<string, string> environment, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = Folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
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
            throw;
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "VodSnapshot.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (VodSnapshot.sln) is not above the test output folder.");
    }
}
