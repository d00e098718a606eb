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
// same output, measured alternately in the same run on a generated 1080p H.264 clip (GOP 2 s). Prints the median of
// each and their ratio, and the service's peak resident memory.

var options = BenchOptions.Parse(args);
Directory.CreateDirectory(options.Work);
var clip = await Clip.EnsureAsync(options.Work, options.DurationSeconds);

await using var receiver = await Receiver.StartAsync();
using var service = await Service.StartAsync(options, receiver.Url);
var videoId = await service.RegisterAsync(clip);
var intraTemplate = await service.AddTemplateAsync(
    """{"SnapshotType":"NormalSnapshot","SnapshotConfig":{"FrameType":"intra","Count":10,"Interval":0}}""");

var d = options.DurationSeconds;
var sparse = Enumerable.Range(0, 10).Select(k => (k * d / 10.0) + (d / 20.0)).ToArray();
var intraTimes = Enumerable.Range(0, 10).Select(k => k * d / 10.0).ToArray();
Workload[] workloads =
[
    new("1 frame",
        new() { ["SpecifiedOffsetTime"] = Ms(d / 2.0 + 0.5) },
        output => Ffmpeg.SeekEach(clip, [d / 2.0 + 0.5], output, keyframesOnly: false)),
    new("10 sparse frames",
        new() { ["SpecifiedOffsetTimes"] = "[" + string.Join(',', sparse.Select(Ms)) + "]" },
        output => Ffmpeg.SeekEach(clip, sparse, output, keyframesOnly: false)),
    new("60 dense frames",
        new() { ["Count"] = "60", ["Interval"] = "1" },
        output => ["-i", clip, "-vf", "fps=1", "-frames:v", "60", "-q:v", "2", Path.Combine(output, "%05d.jpg")]),
    new("10x10 sprite",
        new()
        {
            ["Count"] = "100", ["Interval"] = "0", ["Width"] = "192",
            ["SpriteSnapshotConfig"] = """{"CellWidth":192,"CellHeight":108,"Columns":10,"Lines":10,"KeepCellPic":"delete"}""",
        },
        output =>
        [
            "-i", clip, "-filter_complex",
            string.Create(CultureInfo.InvariantCulture, $"fps=100/{d},scale=192:108,split[frames][cells];[cells]tile=10x10[sheet]"),
            "-map", "[frames]", "-frames:v", "100", "-q:v", "2", Path.Combine(output, "%05d.jpg"),
            "-map", "[sheet]", "-frames:v", "1", "-q:v", "2", Path.Combine(output, "sprite.jpg"),
        ]),
    new("10 intra frames",
        new() { ["SnapshotTemplateId"] = intraTemplate },
        output => Ffmpeg.SeekEach(clip, intraTimes, output, keyframesOnly: true)),
];

Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"VodSnapshot benchmark: {d:0} s 1920x1080 H.264 clip, GOP 2 s, {Environment.ProcessorCount} cores, median of {options.Runs} runs"));
Console.WriteLine();
Console.WriteLine("| Workload | Service, submit → callback (s) | Hand-written ffmpeg (s) | Ratio |");
Console.WriteLine("|---|---:|---:|---:|");
var worst = 0.0;
foreach (var workload in workloads)
{
    // One untimed round of each warms the page cache and the service's JIT, as a user's steady state would.
    await service.SnapshotAsync(videoId, workload.Parameters, receiver);
    await Ffmpeg.TimeAsync(workload.Command, options.Work);

    var serviceTimes = new List<double>();
    var ffmpegTimes = new List<double>();
    for (var run = 0; run < options.Runs; run++)
    {
        serviceTimes.Add(await service.SnapshotAsync(videoId, workload.Parameters, receiver));
        ffmpegTimes.Add(await Ffmpeg.TimeAsync(workload.Command, options.Work));
    }

    var (s, f) = (Median(serviceTimes), Median(ffmpegTimes));
    worst = Math.Max(worst, s / f);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {workload.Name} | {s:0.000} | {f:0.000} | {s / f:0.00} |"));
}

Console.WriteLine();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Worst ratio {worst:0.00} (target ≤ 1.10). Service peak resident memory: {service.PeakResidentMegabytes():0} MB (target < 300 MB)."));
return 0;

static string Ms(double seconds) => ((long)Math.Round(seconds * 1000)).ToString(CultureInfo.InvariantCulture);

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
}

/// <summary>One workload: the service's parameters, and the hand-written command writing the same images into a folder.</summary>
internal sealed record Workload(string Name, Dictionary<string, string> Parameters, Func<string, string[]> Command);

internal sealed record BenchOptions(string Service, string Work, int Runs, int DurationSeconds)
{
    public static BenchOptions Parse(string[] args)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        return new BenchOptions(
            Path.GetFullPath(Value("--service") ?? throw new ArgumentException("--service <VodSnapshot.Api.dll> is required")),
            Path.GetFullPath(Value("--work") ?? "bench/out"),
            int.Parse(Value("--runs") ?? "3", CultureInfo.InvariantCulture),
            int.Parse(Value("--duration") ?? "60", CultureInfo.InvariantCulture));
    }
}

internal static class Clip
{
    public static async Task<string> EnsureAsync(string work, int seconds)
    {
        var media = Directory.CreateDirectory(Path.Combine(work, "media")).FullName;
        var clip = Path.Combine(media, string.Create(CultureInfo.InvariantCulture, $"bench-1080p-{seconds}s.mp4"));
        if (!File.Exists(clip))
        {
            Console.Error.WriteLine("Generating the 1080p test clip…");
            await Ffmpeg.RunAsync(
            [
                "-f", "lavfi", "-i", string.Create(CultureInfo.InvariantCulture, $"testsrc2=size=1920x1080:rate=25:duration={seconds}"),
                "-c:v", "libx264", "-preset", "veryfast", "-g", "50", "-pix_fmt", "yuv420p", clip + ".part.mp4",
            ]);
            File.Move(clip + ".part.mp4", clip);
        }

        return clip;
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

    public static async Task<double> TimeAsync(Func<string, string[]> command, string work)
    {
        var output = Path.Combine(work, "hand");
        if (Directory.Exists(output))
        {
            Directory.Delete(output, recursive: true);
        }

        Directory.CreateDirectory(output);
        var watch = Stopwatch.StartNew();
        await RunAsync(command(output));
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
            catch (HttpRequestException) when (i < 300)
            {
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

    /// <summary>Submits a job and waits for its callback; the seconds in between.</summary>
    public async Task<double> SnapshotAsync(string videoId, Dictionary<string, string> parameters, Receiver receiver)
    {
        var watch = Stopwatch.StartNew();
        var body = await CallAsync("SubmitSnapshotJob", new(parameters) { ["VideoId"] = videoId });
        var jobId = body.GetProperty("SnapshotJob").GetProperty("JobId").GetString()!;
        var done = await receiver.Waiter(jobId).Task.WaitAsync(TimeSpan.FromMinutes(5));
        var elapsed = watch.Elapsed.TotalSeconds;
        if (done.GetProperty("Status").GetString() != "success")
        {
            throw new InvalidOperationException("Job failed: " + done);
        }

        return elapsed;
    }

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
