using System.ComponentModel;
using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using VodSnapshot.Api.Features.Snapshots.Planning;
using VodSnapshot.Api.Persistence;
using VodSnapshot.Tests.TestSupport;

namespace VodSnapshot.Tests.Console;

/// <summary>
/// The console in a real browser: Debian's Chromium driven by <c>playwright-core</c> (tests/console-browser, installed by
/// <c>npm ci</c>; no browser download) against the service on a loopback port with a callback receiver. The script opens
/// every page, approves the video, submits a sprite job from the form, reads the sheet and its grid, hovers a cell,
/// redelivers the callback, follows a WebVTT job live in the job list, plays the video and seeks with the track's
/// previews; this test checks what it saw against the service's own records. Screenshots land in the test output.
/// </summary>
public class ConsoleBrowserTests(ConsoleBrowserTests.Service service) : IClassFixture<ConsoleBrowserTests.Service>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact(Timeout = 600_000)]
    public async Task Every_page_works_in_chromium_from_a_sprite_job_to_a_redelivered_callback_and_a_seek()
    {
        service.SkipUnlessReady();
        var video = await service.App.RegisterAsync(service.Clip, ct: Ct);

        var run = await ChildProcess.RunAsync("node", ["console.test.mjs"], TimeSpan.FromMinutes(8), Ct, Service.Folder, new Dictionary<string, string>
        {
            ["CONSOLE_URL"] = service.BaseUrl,
            ["VIDEO_ID"] = video,
            ["SHOTS"] = Service.Screenshots,
        });
        var summary = JsonDocument.Parse(run.Stdout.Trim().Split('\n')[^1]).RootElement;
        Assert.True(run.ExitCode == 0 && summary.GetProperty("ok").GetBoolean(), $"console.test.mjs exited {run.ExitCode}:\n{run.Stdout}\n{run.Stderr}");
        TestContext.Current.TestOutputHelper?.WriteLine($"Screenshots: {Service.Screenshots}");

        // Errors are the vendor's Code and Message.
        Assert.Equal("Forbidden.IllegalStatus", summary.GetProperty("playError").GetString());
        Assert.Equal("InvalidParameter", summary.GetProperty("formError").GetProperty("code").GetString());
        Assert.Contains("\"Count\"", summary.GetProperty("formError").GetProperty("message").GetString(), StringComparison.Ordinal);

        // The sprite job from the form: its sheet at its real size, the grid where the layout puts every cell.
        var spriteJob = summary.GetProperty("spriteJobId").GetString()!;
        var (job, frames) = await service.App.WithDbAsync(async db => (
            await db.SnapshotJobs.SingleAsync(j => j.Id == spriteJob, Ct),
            await db.SnapshotImages.Where(i => i.JobId == spriteJob && i.Type == SnapshotType.Normal).OrderBy(i => i.Index).ToListAsync(Ct)));
        Assert.Equal(SnapshotJobStatus.Succeeded, job.Status);
        var spec = SnapshotJobSpec.FromJson(job.Spec);
        Assert.Equal([230L, 1230, 2230, 3230, 4230, 5230, 6230, 7230], spec.TimesMs);
        // 25 fps: each picture comes from the frame showing at its time, which started 30 ms before it.
        Assert.Equal(spec.TimesMs.Select(t => t - 30), frames.Select(f => f.PresentationTimeMs!.Value));
        var layout = spec.Sprite!.Layout;
        var sheet = summary.GetProperty("sheet");
        Assert.Equal((layout.SheetWidth, layout.SheetHeight), (sheet.GetProperty("naturalWidth").GetInt32(), sheet.GetProperty("naturalHeight").GetInt32()));
        var scale = sheet.GetProperty("shownWidth").GetDouble() / layout.SheetWidth;
        var cells = sheet.GetProperty("cells").EnumerateArray().ToList();
        Assert.Equal(layout.CellsPerSheet, cells.Count);
        for (var i = 0; i < cells.Count; i++)
        {
            var (_, x, y) = layout.Place(i);
            Assert.Equal(frames[i].PresentationTimeMs, cells[i].GetProperty("pts").GetInt64());
            Assert.InRange(cells[i].GetProperty("x").GetDouble() - sheet.GetProperty("left").GetDouble() - (x * scale), -1.5, 1.5);
            Assert.InRange(cells[i].GetProperty("y").GetDouble() - sheet.GetProperty("top").GetDouble() - (y * scale), -1.5, 1.5);
            Assert.InRange(cells[i].GetProperty("w").GetDouble() - (layout.CellWidth * scale), -1.5, 1.5);
        }

        // The hovered cell shows its requested time and the real time of its frame, as recorded.
        var tip = summary.GetProperty("hover").GetProperty("tip").GetString()!;
        Assert.Contains("Cell 6", tip, StringComparison.Ordinal);
        Assert.Contains($"asked  {spec.TimesMs[5] / 1000.0:0.000} s", tip, StringComparison.Ordinal);
        Assert.Contains($"frame  {frames[5].PresentationTimeMs / 1000.0:0.000} s", tip, StringComparison.Ordinal);
        var shownFrames = summary.GetProperty("frames").EnumerateArray().ToList();
        Assert.Equal(frames.Count, shownFrames.Count);
        Assert.All(shownFrames, f => Assert.True(f.GetProperty("loaded").GetBoolean()));
        Assert.Equal(frames.Select(f => $"{f.PresentationTimeMs / 1000.0:0.000} s"), shownFrames.Select(f => f.GetProperty("pts").GetString()));
        Assert.Equal(spec.TimesMs.Select(t => $"{t / 1000.0:0.000} s"), shownFrames.Select(f => f.GetProperty("requested").GetString()));
        Assert.All(shownFrames, f => Assert.Equal("−30 ms", f.GetProperty("delta").GetString()));

        // The redeliver button started a second round that reached the receiver.
        var deliveryId = summary.GetProperty("redelivery").GetProperty("deliveryId").GetString()!;
        var delivery = await service.App.WithDbAsync(db => db.CallbackDeliveries.SingleAsync(d => d.Id == deliveryId, Ct));
        Assert.Equal((spriteJob, 2, CallbackDeliveryStatus.Delivered), (delivery.JobId, delivery.Round, delivery.Status));
        Assert.Equal(2, service.Receiver.Mentioning(spriteJob).Count);
        Assert.Equal(2, summary.GetProperty("redelivery").GetProperty("attemptsAfter").GetInt32());

        // The WebVTT job from its template was followed to its end in the job list without a reload.
        var vttJob = summary.GetProperty("vttJobId").GetString()!;
        var vtt = await service.App.WithDbAsync(db => db.SnapshotJobs.SingleAsync(j => j.Id == vttJob, Ct));
        Assert.Equal((SnapshotJobStatus.Succeeded, "5eed0000000000000000000000000003"), (vtt.Status, vtt.TemplateId));
        var seen = summary.GetProperty("vttStatusSeen").EnumerateArray().Select(s => s.GetString()).ToList();
        Assert.Equal("Succeeded", seen[^1]);

        // Playing and seeking: the seek bar moved the video to where it was clicked, with the track's preview shown.
        var seek = summary.GetProperty("seek");
        Assert.InRange(seek.GetProperty("currentTime").GetDouble(), 0.7 * seek.GetProperty("duration").GetDouble(), 0.8 * seek.GetProperty("duration").GetDouble());
        Assert.Contains($"/{video}/snapshots/sprite/{vttJob}-00001.jpg", summary.GetProperty("preview").GetProperty("image").GetString(), StringComparison.Ordinal);

        // The template form added one template; the callback page shows the global configuration.
        var templates = summary.GetProperty("templates");
        Assert.Equal(templates.GetProperty("before").GetInt32() + 1, templates.GetProperty("after").GetInt32());
        Assert.True(await service.App.WithDbAsync(db => db.VodTemplates.AnyAsync(t => t.Name == "Console sprite 4x3", Ct)));
        Assert.Contains(service.Receiver.Url("/console-global"), summary.GetProperty("callbackConfig").GetString(), StringComparison.Ordinal);

        foreach (var name in new[] { "videos", "video", "submit", "jobs", "job", "job-page", "templates", "callbacks", "job-dark" })
        {
            var info = await SixLabors.ImageSharp.Image.IdentifyAsync(Path.Combine(Service.Screenshots, name + ".png"), Ct);
            Assert.True(info.Width == 1280 && info.Height >= 860, $"{name}.png is {info.Width}×{info.Height}");
        }
    }

    /// <summary>The service on a loopback port with a receiver configured as the global callback, a clip, and the script installed.</summary>
    public sealed class Service : IAsyncLifetime
    {
        private string? _missing;

        public static string Folder { get; } = Path.Combine(Repository.Root, "tests", "console-browser");

        public static string Screenshots { get; } = Path.Combine(AppContext.BaseDirectory, "console-screenshots");

        public TestHost App { get; private set; } = null!;

        public CallbackReceiver Receiver { get; private set; } = null!;

        public string BaseUrl { get; private set; } = string.Empty;

        public string Clip { get; private set; } = string.Empty;

        public async ValueTask InitializeAsync()
        {
            Receiver = await CallbackReceiver.StartAsync();
            App = TestHost.Create(b => b.Set("Callback:Url", Receiver.Url("/console-global")));
            App.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
            App.StartServer();
            BaseUrl = App.ClientOptions.BaseAddress.GetLeftPart(UriPartial.Authority);

            // A 640×360 test card with a counter, so the screenshots show which second each picture came from.
            Clip = Path.Combine(App.Root, "console-testcard.mp4");
            await FfmpegCli.RunAsync("ffmpeg", ["-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "testsrc=size=640x360:rate=25:duration=10",
                "-c:v", "libx264", "-preset", "veryfast", "-g", "50", "-pix_fmt", "yuv420p", "-movflags", "+faststart", Clip], TestContext.Current.CancellationToken);

            if (!File.Exists("/usr/bin/chromium"))
            {
                _missing = "Chromium is not installed at /usr/bin/chromium (scripts/test.sh installs Debian's package).";
                return;
            }

            var npm = OperatingSystem.IsWindows() ? "npm.cmd" : "npm";
            try
            {
                await ChildProcess.RunAsync(npm, ["--version"], TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken, Folder);
            }
            catch (Win32Exception)
            {
                _missing = "npm is not installed; the console's browser tests need Node.js with npm on PATH.";
                return;
            }

            if (!File.Exists(Path.Combine(Folder, "node_modules", "playwright-core", "package.json")))
            {
                var (exit, stdout, stderr) = await ChildProcess.RunAsync(npm, ["ci", "--no-audit", "--no-fund"], TimeSpan.FromMinutes(5), TestContext.Current.CancellationToken, Folder);
                Assert.True(exit == 0, $"npm ci failed in tests/console-browser:\n{stdout}\n{stderr}");
            }
        }

        public void SkipUnlessReady()
        {
            if (_missing is not null)
            {
                Assert.Skip(_missing);
            }
        }

        public async ValueTask DisposeAsync()
        {
            await App.DisposeAsync();
            await Receiver.DisposeAsync();
        }
    }
}
