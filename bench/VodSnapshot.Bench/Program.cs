using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

// The service end to end (submit → SnapshotComplete callback) against the fastest hand-written ffmpeg command for the
// same output, measured alternately in the same run on generated H.264 sources (GOP 2 s): a 1080p clip, a 4K clip and a
// one-hour low-bit-rate source; a burst of 20 jobs against 20 commands run as many at a time as there are cores. Prints
// the median of each and their ratio, the frames the service decoded against the minimum, and its peak resident memory.
//   --only "1 frame,burst" runs only the rows whose names contain one of the given parts.

var options = BenchOptions.Parse(args);
Directory.CreateDirectory(options.Work);
var clip = await Clip.EnsureAsync(options.Work, options.DurationSeconds);
var uhd = options.Wants("4K") ? await Clip.EnsureUhdAsync(options.Work) : null;
var hour = options.Wants("1 h") ? await Clip.EnsureHourAsync(options.Work) : null;

await using var receiver = await Receiver.StartAsync();
using var service = await Service.StartAsync(options, receiver.Url);
var videoId = await service.RegisterAsync(clip);
var intraTemplate = await service.AddTemplateAsync(
    """{"SnapshotType":"NormalSnapshot","SnapshotConfig":{"FrameType":"intra","Count":10,"Interval":0}}""");

var d = options.DurationSeconds;
var workloads = Workloads.For(clip, videoId, d, intraTemplate).ToList();
if (uhd is not null)
{
    workloads.Add(Workloads.Sparse("4K: 10 sparse frames", uhd, await service.RegisterAsync(uhd), Clip.UhdSeconds));
}

if (hour is not null)
{
    workloads.Add(Workloads.Sparse("1 h: 10 sparse frames", hour, await service.RegisterAsync(hour), Clip.HourSeconds));
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"VodSnapshot benchmark: {d:0} s 1920x1080 H.264 clip, GOP 2 s, {Environment.ProcessorCount} cores, median of {options.Runs} runs"));
Console.WriteLine();
Console.WriteLine("| Workload | Service, submit → callback (s) | Hand-written ffmpeg (s) | Ratio | Decoded / minimum frames |");
Console.WriteLine("|---|---:|---:|---:|---:|");
var worst = 0.0;
foreach (var workload in workloads.Where(w => options.Wants(w.Name)))
{
    // One untimed round of each warms the page cache and the service's JIT, as a user's steady state would.
    await service.RunAsync(workload, receiver);
    await Ffmpeg.TimeAsync(workload, options.Work);

    var serviceRuns = new List<ServiceRun>();
    var ffmpegTimes = new List<double>();
    for (var run = 0; run < options.Runs; run++)
    {
        serviceRuns.Add(await service.RunAsync(workload, receiver));
        ffmpegTimes.Add(await Ffmpeg.TimeAsync(workload, options.Work));
    }

    var (s, f) = (Median([.. serviceRuns.Select(r => r.Seconds)]), Median(ffmpegTimes));
    worst = Math.Max(worst, s / f);
    var last = serviceRuns[^1];
    var decoding = last.Minimum is > 0
        ? string.Create(CultureInfo.InvariantCulture, $"{last.Decoded} / {last.Minimum} = {(double)last.Decoded!.Value / last.Minimum.Value:0.00}")
        : "not reported";
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {workload.Name} | {s:0.000} | {f:0.000} | {s / f:0.00} | {decoding} |"));
}

Console.WriteLine();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Worst ratio {worst:0.00} (target ≤ 1.10). Service peak resident memory: {service.PeakResidentMegabytes():0} MB (target < 300 MB)."));
return 0;

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
}


/// <param name="Only">When set, only workloads whose name contains one of these (comma-separated on the command line).</param>
internal sealed record BenchOptions(string Service, string Work, int Runs, int DurationSeconds, IReadOnlyList<string> Only)
{
    public bool Wants(string workload) => Only.Count == 0 || Only.Any(o => workload.Contains(o, StringComparison.OrdinalIgnoreCase));

    public static BenchOptions Parse(string[] args)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        return new BenchOptions(
            Path.GetFullPath(Value("--service") ?? throw new ArgumentException("--service <VodSnapshot.Api.dll> is required")),
            Path.GetFullPath(Value("--work") ?? "bench/out"),
            int.Parse(Value("--runs") ?? "3", CultureInfo.InvariantCulture),
            int.Parse(Value("--duration") ?? "60", CultureInfo.InvariantCulture),
            Value("--only")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? []);
    }
}

internal static class Ffmpeg
{
    /// <summary>One process, one input seek per time, each mapped to its own single-frame output: the fastest way to a few far-apart frames.</summary>
    public static string[] SeekEach(string clip, double[] times, string output, bool keyframesOnly)
    {
        var args = new List<string>();
        foreach (var t in times)
        {
            if (keyframesOnly)
            {
                args.AddRange(["-skip_frame", "nokey"]);
            }

            args.AddRange(["-ss", t.ToString("0.###", CultureInfo.InvariantCulture), "-i", clip]);
        }

        for (var i = 0; i < times.Length; i++)
        {
            args.AddRange(["-map", string.Create(CultureInfo.InvariantCulture, $"{i}:v:0"), "-frames:v", "1", "-q:v", "2",
                Path.Combine(output, string.Create(CultureInfo.InvariantCulture, $"{i + 1:00000}.jpg"))]);
        }

        return [.. args];
    }

    /// <summary>Runs the workload's command(s), as many at a time as there are cores; the seconds until the last ends.</summary>
    public static async Task<double> TimeAsync(Workload workload, string work)
    {
        var outputs = Enumerable.Range(0, workload.Jobs).Select(i => Path.Combine(work, "hand", i.ToString(CultureInfo.InvariantCulture))).ToList();
        if (Directory.Exists(Path.Combine(work, "hand")))
        {
            Directory.Delete(Path.Combine(work, "hand"), recursive: true);
        }

        outputs.ForEach(o => Directory.CreateDirectory(o));
        using var cores = new SemaphoreSlim(Environment.ProcessorCount);
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(outputs.Select(async output =>
        {
            await cores.WaitAsync();
            try
            {
                await RunAsync(workload.Command(output));
            }
            finally
            {
                cores.Release();
            }
        }));
        return watch.Elapsed.TotalSeconds;
    }

    public static async Task RunAsync(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "-hide_banner", "-loglevel", "error", "-y" }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException("ffmpeg failed: " + await errors);
        }
    }
}

/// <summary>Receives SnapshotComplete callbacks on loopback and hands each to whoever waits for its JobId.</summary>
internal sealed class Receiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonElement>> _waiting = new();

    private Receiver(WebApplication app) => _app = app;

    public string Url { get; private set; } = string.Empty;

    public static async Task<Receiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new Receiver(app);
        app.MapPost("/callback", async (HttpContext context) =>
        {
            var body = await JsonSerializer.DeserializeAsync<JsonElement>(context.Request.Body);
            receiver.Waiter(body.GetProperty("JobId").GetString()!).TrySetResult(body);
            return Results.Ok();
        });
        await app.StartAsync();
        receiver.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/callback";
        return receiver;
    }

    public TaskCompletionSource<JsonElement> Waiter(string jobId) =>
        _waiting.GetOrAdd(jobId, _ => new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>The real service as a child process on a free loopback port, with a fresh state folder.</summary>
internal sealed class Service : IDisposable
{
    private readonly Process _process;
    private readonly HttpClient _http;

    private Service(Process process, HttpClient http)
    {
        _process = process;
        _http = http;
    }

    public static async Task<Service> StartAsync(BenchOptions options, string callbackUrl)
    {
        var state = Path.Combine(options.Work, "state");
        if (Directory.Exists(state))
        {
            Directory.Delete(state, recursive: true);
        }

        var port = FreePort();
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(options.Service);
        start.Environment["Urls"] = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}");
        start.Environment["Storage__Root"] = state;
        start.Environment["Media__Roots__0"] = Path.Combine(options.Work, "media");
        start.Environment["Callback__Url"] = callbackUrl;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("service: " + e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var http = new HttpClient { BaseAddress = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}")), Timeout = TimeSpan.FromMinutes(2) };
        for (var i = 0; ; i++)
        {
            try
            {
                using var health = await http.GetAsync("/healthz");
                if (health.IsSuccessStatusCode)
                {
                    break;
                }
            }
            catch (HttpRequestException) when (i < 1200)
            {
            }
            catch (HttpRequestException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            await Task.Delay(100);
        }

        return new Service(process, http);
    }

    public async Task<string> RegisterAsync(string clip)
    {
        var items = JsonSerializer.Serialize(new[] { new { FileURL = new Uri(clip).AbsoluteUri, Title = "Benchmark clip" } });
        var body = await CallAsync("RegisterMedia", new() { ["RegisterMetadatas"] = items });
        return body.GetProperty("RegisteredMediaList")[0].GetProperty("MediaId").GetString()!;
    }

    public async Task<string> AddTemplateAsync(string config)
    {
        var body = await CallAsync("AddVodTemplate", new() { ["Name"] = "Benchmark intra", ["TemplateType"] = "Snapshot", ["TemplateConfig"] = config });
        return body.GetProperty("VodTemplateId").GetString()!;
    }

    /// <summary>
    /// Submits the workload's jobs at once and waits for all their callbacks: the seconds in between, and the frames the
    /// service decoded against the minimum, summed over the jobs (from the emulator's job view; absent from older services).
    /// </summary>
    public async Task<ServiceRun> RunAsync(Workload workload, Receiver receiver)
    {
        var watch = Stopwatch.StartNew();
        var jobIds = await Task.WhenAll(Enumerable.Range(0, workload.Jobs).Select(async _ =>
        {
            var body = await CallAsync("SubmitSnapshotJob", new(workload.Parameters) { ["VideoId"] = workload.VideoId });
            return body.GetProperty("SnapshotJob").GetProperty("JobId").GetString()!;
        }));
        var callbacks = await Task.WhenAll(jobIds.Select(id => receiver.Waiter(id).Task.WaitAsync(TimeSpan.FromMinutes(10))));
        var elapsed = watch.Elapsed.TotalSeconds;
        if (callbacks.FirstOrDefault(c => c.GetProperty("Status").GetString() != "success") is { ValueKind: JsonValueKind.Object } failed)
        {
            throw new InvalidOperationException("Job failed: " + failed);
        }

        long? decoded = 0, minimum = 0;
        foreach (var jobId in jobIds)
        {
            var job = await _http.GetFromJsonAsync<JsonElement>("/_emulator/jobs/" + jobId);
            decoded += Count(job, "DecodedFrames");
            minimum += Count(job, "MinimumDecodedFrames");
        }

        return new ServiceRun(elapsed, decoded, minimum);
    }

    private static long? Count(JsonElement job, string name) =>
        job.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt64() : null;

    /// <summary>VmHWM: the most resident memory the service process has held.</summary>
    public double PeakResidentMegabytes()
    {
        var line = File.ReadLines(string.Create(CultureInfo.InvariantCulture, $"/proc/{_process.Id}/status")).First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    }

    private async Task<JsonElement> CallAsync(string action, Dictionary<string, string> parameters)
    {
        parameters["Action"] = action;
        parameters["Version"] = "2017-03-21";
        parameters["Format"] = "JSON";
        using var content = new FormUrlEncodedContent(parameters);
        using var response = await _http.PostAsync("/", content);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return response.StatusCode == HttpStatusCode.OK ? body : throw new InvalidOperationException($"{action}: {body}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
        _http.Dispose();
    }
}
