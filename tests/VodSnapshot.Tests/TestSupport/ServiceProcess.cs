using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace VodSnapshot.Tests.TestSupport;

/// <summary>
/// The built service run as a separate process (<c>dotnet VodSnapshot.Api.dll</c>) on a free loopback port, with its
/// settings in the environment, so a test can kill it for real (the whole process tree, as kill -9 would) and start it
/// again on the same state folder.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private const int KeptLines = 200;

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private ServiceProcess(Process process, string baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
        Client = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(30) };
    }

    public string BaseUrl { get; }

    public HttpClient Client { get; }

    public int ProcessId => _process.Id;

    /// <summary>The last lines the service wrote, for failure messages.</summary>
    public string Output => string.Join('\n', _output);

    /// <summary>Starts the service and waits until <c>/healthz</c> answers 200.</summary>
    /// <param name="settings">Configuration in environment form (<c>Callback__Url</c>…).</param>
    public static async Task<ServiceProcess> StartAsync(IReadOnlyDictionary<string, string> settings, CancellationToken ct)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "VodSnapshot.Api.dll");
        Assert.True(File.Exists(dll), $"The built service is missing at {dll}.");
        var baseUrl = "http://127.0.0.1:" + FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var startInfo = new ProcessStartInfo(DotnetHost(), [dll])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        startInfo.Environment.Remove("ASPNETCORE_URLS");
        startInfo.Environment.Remove("DOTNET_URLS");
        startInfo.Environment["Urls"] = baseUrl;
        startInfo.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in settings)
        {
            startInfo.Environment[key] = value;
        }

        var process = new Process { StartInfo = startInfo };
        var service = new ServiceProcess(process, baseUrl);
        process.OutputDataReceived += (_, e) => service.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => service.Keep(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await service.WaitHealthyAsync(ct);
        }
        catch
        {
            await service.DisposeAsync();
            throw;
        }

        return service;
    }

    /// <summary>Kills the service and everything it started, without any chance to shut down, and waits until it is gone.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    /// <summary>SIGKILL to the service process alone, as a crash or the OOM killer would: its children are left to fend for themselves.</summary>
    public void KillServiceOnly()
    {
        _process.Kill(entireProcessTree: false);
        _process.WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None);
        }

        _process.Dispose();
        Client.Dispose();
    }

    private async Task WaitHealthyAsync(CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            Assert.False(_process.HasExited, "The service exited at start:\n" + Output);
            try
            {
                using var response = await Client.GetAsync("/healthz", ct);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60), "The service did not become healthy within 60 s:\n" + Output);
            await Task.Delay(50, ct);
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > KeptLines && _output.TryDequeue(out _))
        {
        }
    }

    /// <summary>The dotnet host running the tests (set by the test tooling), else the one on PATH.</summary>
    private static string DotnetHost()
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host))
        {
            return host;
        }

        var current = Environment.ProcessPath;
        return current is not null && Path.GetFileNameWithoutExtension(current) == "dotnet" ? current : "dotnet";
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
