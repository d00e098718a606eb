using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using VodSnapshot.Tests.TestSupport;

namespace VodSnapshot.Tests.Jobs;

/// <summary>
/// No ffmpeg outlives the service: the real service process is killed with SIGKILL alone (not its process tree) while
/// its ffmpeg is blocked on a FIFO source nobody writes to, and a restart ends any media tool an earlier run recorded.
/// </summary>
public sealed class OrphanedProcessTests(TestClips clips) : IClassFixture<TestClips>, IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("vodsnapshot-orphans-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string State => Path.Combine(_root, "state");

    private string Media => Directory.CreateDirectory(Path.Combine(_root, "media")).FullName;

    private Dictionary<string, string> Settings => new()
    {
        ["Storage__Root"] = State,
        ["Media__Roots__0"] = Media,
    };

    [Fact(Timeout = 120_000)]
    public async Task An_ffmpeg_of_a_service_killed_with_sigkill_ends_within_two_seconds()
    {
        var source = Path.Combine(Media, "stalled-" + Guid.NewGuid().ToString("N") + ".mp4");
        File.Copy(clips.Ramp, source);
        List<int> children;
        TimeSpan gone;
        await using (var service = await ServiceProcess.StartAsync(Settings, Ct))
        {
            var video = await RegisterAsync(service.Client, source);
            File.Delete(source);
            await FfmpegCli.RunAsync("mkfifo", [source], Ct);
            await service.Client.SubmitAsync(video, new Dictionary<string, string> { ["SpecifiedOffsetTime"] = "1000" }, ct: Ct);
            children = await WaitForProcessesAsync(source, TimeSpan.FromSeconds(30));
            Assert.True(children.Count > 0, "No ffmpeg was started on the FIFO:\n" + service.Output);

            service.KillServiceOnly();
            var watch = Stopwatch.StartNew();
            while (children.Any(IsAlive) && watch.Elapsed < TimeSpan.FromSeconds(10))
            {
                await Task.Delay(50, Ct);
            }

            gone = watch.Elapsed;
        }

        Assert.False(children.Any(IsAlive), "ffmpeg outlived the service by 10 s.");
        Assert.True(gone < TimeSpan.FromSeconds(2), $"ffmpeg outlived the service by {gone.TotalSeconds:0.00} s.");
        TestContext.Current.SendDiagnosticMessage(string.Create(CultureInfo.InvariantCulture, $"ffmpeg ended {gone.TotalMilliseconds:0} ms after the service."));
    }

    [Fact(Timeout = 120_000)]
    public async Task A_restart_ends_a_media_tool_recorded_by_an_earlier_run_and_leaves_a_reused_pid_alone()
    {
        // A process that really lives on (sleep takes no marker argument: with one it exits at once, and the test proved nothing).
        using var survivor = Process.Start(new ProcessStartInfo("sleep", ["60"]) { UseShellExecute = false })!;
        var records = Directory.CreateDirectory(Path.Combine(State, "processes")).FullName;
        await File.WriteAllTextAsync(Path.Combine(records, survivor.Id.ToString(CultureInfo.InvariantCulture)), Identity(survivor.Id), Ct);
        // A record of this very test process with another start time: a pid reused since, which must not be touched.
        var self = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        await File.WriteAllTextAsync(Path.Combine(records, self), Identity(Environment.ProcessId) + "0", Ct);

        await using var service = await ServiceProcess.StartAsync(Settings, Ct);

        Assert.True(survivor.WaitForExit(TimeSpan.FromSeconds(5)), "The recorded survivor was not ended at start.");
        Assert.Empty(Directory.EnumerateFiles(records));
    }

    private static async Task<string> RegisterAsync(HttpClient client, string path)
    {
        var (status, body) = await client.CallAsync("RegisterMedia", new Dictionary<string, string>
        {
            ["RegisterMetadatas"] = JsonSerializer.Serialize(new[] { new { FileURL = new Uri(path).AbsoluteUri, Title = "stalled" } }),
        }, ct: Ct);
        Assert.True(status == 200, body.ToString());
        return body.GetProperty("RegisteredMediaList")[0].GetProperty("MediaId").GetString()!;
    }

    /// <summary>The processes whose command line names <paramref name="marker"/>, once there is at least one.</summary>
    private static async Task<List<int>> WaitForProcessesAsync(string marker, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var found = Directory.EnumerateDirectories("/proc")
                .Select(folder => int.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : 0)
                .Where(pid => pid > 0 && CommandLine(pid).Contains(marker, StringComparison.Ordinal) && !CommandLine(pid).StartsWith("mkfifo", StringComparison.Ordinal))
                .ToList();
            if (found.Count > 0 || watch.Elapsed > timeout)
            {
                return found;
            }

            await Task.Delay(50, Ct);
        }
    }

    private static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }

    /// <summary>Alive and not a zombie waiting for a parent to reap it.</summary>
    private static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)] != 'Z';
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>The record the service writes for a process: boot id and the kernel's start time of the process.</summary>
    private static string Identity(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var startTime = stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[19];
        return File.ReadAllText("/proc/sys/kernel/random/boot_id").Trim() + " " + startTime;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // Left in the temp area if something still holds a file.
        }
    }
}
