using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Time.Testing;

namespace VodSnapshot.Tests.TestSupport;

/// <summary>
/// The real service in process: real SQLite in a temporary state folder, real ffmpeg, real HTTP pipeline, configured
/// by a <see cref="TestHostBuilder"/>. Each host owns its folder, so tests that need a clean state start their own.
/// A class shares one through <c>IClassFixture</c> of a one-line subclass naming its settings:
/// <code>public sealed class Fixture() : TestHost(b => b.Set("Jobs:MaxConcurrency", "1"));</code>
/// One for a single test: <c>using var host = TestHost.Create(b => b.ForSignedCalls());</c>.
/// Hosts with a callback receiver must be initialized (<see cref="StartAsync"/>, or xunit does it for a fixture).
/// </summary>
public partial class TestHost : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly TestHostBuilder _builder = new();
    private readonly Dictionary<string, string?> _settings;
    private CallbackReceiver? _receiver;
    private TestDatabase? _database;

    public TestHost()
        : this(null)
    {
    }

    /// <summary>For fixtures: a subclass passes its configuration here.</summary>
    protected TestHost(Action<TestHostBuilder>? configure)
    {
        configure?.Invoke(_builder);
        Root = Directory.CreateTempSubdirectory("vodsnapshot-app-").FullName;
        MediaRoot = Directory.CreateDirectory(Path.Combine(Root, "media")).FullName;
        _settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Storage:Root"] = Path.Combine(Root, "state"),
            ["Media:Roots:0"] = MediaRoot,
        };
        if (_builder.Database == DatabaseKind.PostgreSql && TestDatabase.UnavailableReason is null)
        {
            _database = TestDatabase.Create();
            foreach (var (key, value) in _database.Settings())
            {
                _settings[key] = value;
            }
        }

        foreach (var (key, value) in _builder.Settings)
        {
            _settings[key] = value;
        }
    }

    /// <summary>The host's PostgreSQL database, or null on SQLite.</summary>
    public TestDatabase? Database => _database;

    /// <summary>Whether this host is on a database that is not there: a PostgreSQL host without a test cluster, outside CI.</summary>
    public bool Unavailable => _builder.Database == DatabaseKind.PostgreSql && _database is null;

    /// <summary>The temporary folder holding this host's state and media.</summary>
    public string Root { get; }

    /// <summary>A media root of this host: files copied here can be registered.</summary>
    public string MediaRoot { get; }

    public string StateRoot => _settings["Storage:Root"]!;

    /// <summary>The receiver started with the host (<see cref="TestHostBuilder.WithCallbackReceiver"/>).</summary>
    public CallbackReceiver Receiver => _receiver ?? throw new InvalidOperationException("This host has no callback receiver: configure WithCallbackReceiver and start it with StartAsync.");

    /// <summary>The service's clock (<see cref="TestHostBuilder.WithFakeClock"/>).</summary>
    public FakeTimeProvider Clock => _builder.Clock ?? throw new InvalidOperationException("This host runs on the real clock: configure WithFakeClock.");

    /// <summary>The prober standing in for ffprobe (<see cref="TestHostBuilder.WithRecordingProber"/>).</summary>
    public RecordingProber Prober => _builder.Prober ?? throw new InvalidOperationException("This host probes for real: configure WithRecordingProber.");

    /// <summary>A host configured by <paramref name="configure"/>, not started yet (its server starts on first use).</summary>
    public static TestHost Create(Action<TestHostBuilder> configure) => new(configure);

    /// <summary>A host configured by <paramref name="configure"/>, its receiver and server started.</summary>
    public static async Task<TestHost> StartAsync(Action<TestHostBuilder>? configure = null)
    {
        var host = new TestHost(configure);
        await host.InitializeAsync();
        return host;
    }

    public async ValueTask InitializeAsync()
    {
        if (Unavailable)
        {
            // Nothing to start: the tests using this host skip (TestDatabase.SkipIfUnavailable).
            return;
        }

        if (_builder.ReceiverPath is { } path)
        {
            _receiver = await CallbackReceiver.StartAsync();
            _settings.TryAdd("Callback:Url", _receiver.Url(path));
        }

        _ = Server;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _database?.Dispose();
        _database = null;
        if (_receiver is not null)
        {
            await _receiver.DisposeAsync();
            _receiver = null;
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Copies a file into this host's media root and returns its file:// URL.</summary>
    public string AddMedia(string sourcePath, string? name = null)
    {
        var target = Path.Combine(MediaRoot, name ?? Path.GetFileName(sourcePath));
        File.Copy(sourcePath, target, overwrite: true);
        return new Uri(target).AbsoluteUri;
    }

    /// <summary>Registers a copy of <paramref name="clip"/> under a unique name and returns its VideoId.</summary>
    public async Task<string> RegisterAsync(string clip, string? userData = null, CancellationToken ct = default)
    {
        using var client = CreateClient();
        var url = AddMedia(clip, Guid.NewGuid().ToString("N") + Path.GetExtension(clip));
        return await client.RegisterAsync(url, Path.GetFileName(clip), userData, ct);
    }

    /// <summary>Submits a job and waits for its SnapshotComplete event at the receiver.</summary>
    public async Task<(string JobId, JsonElement Event)> SnapshotAsync(string videoId, IDictionary<string, string> parameters, CancellationToken ct = default)
    {
        using var client = CreateClient();
        var jobId = await client.SubmitAsync(videoId, parameters, ct: ct);
        return (jobId, await Receiver.EventOfAsync(jobId, TimeSpan.FromSeconds(60), ct));
    }

    /// <summary>Downloads an image the service handed out and returns its local copy.</summary>
    public async Task<string> DownloadAsync(string url, CancellationToken ct = default)
    {
        var path = Path.Combine(Root, Guid.NewGuid().ToString("N") + Path.GetExtension(new Uri(url).AbsolutePath));
        using var client = CreateClient();
        var bytes = await client.GetByteArrayAsync(new Uri(url).PathAndQuery, ct);
        await File.WriteAllBytesAsync(path, bytes, ct);
        return path;
    }

    /// <summary>The URL of image <paramref name="index"/> of a SnapshotInfos entry.</summary>
    public static string ImageUrl(JsonElement info, int index) =>
        info.GetProperty("SnapshotRegular").GetString()!.Replace("{SnapshotCount}", index.ToString("D5", System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

    /// <summary>The SnapshotInfos entry of <paramref name="type"/> in a SnapshotComplete event.</summary>
    public static JsonElement Info(JsonElement snapshotEvent, string type) =>
        snapshotEvent.GetProperty("SnapshotInfos").EnumerateArray().Single(i => i.GetProperty("SnapshotType").GetString() == type);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        if (_builder.ReceiverPath is not null && _receiver is null)
        {
            throw new InvalidOperationException("This host has a callback receiver: start it with StartAsync (or as a fixture) before use.");
        }

        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            foreach (var replace in _builder.Services)
            {
                replace(services);
            }
        });
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _database?.Dispose();
            _database = null;
            try
            {
                Directory.Delete(Root, recursive: true);
            }
            catch (IOException)
            {
                // A file still held by a finishing job: the folder is in the temp area and goes with it.
            }
        }
    }
}

/// <summary>A host whose jobs' callbacks all go to its receiver, for classes that submit jobs and await their events.</summary>
public sealed class HostWithReceiver() : TestHost(b => b.WithCallbackReceiver());

/// <summary><see cref="HostWithReceiver"/> on PostgreSQL (rows and queues).</summary>
public sealed class HostWithReceiverOnPostgreSql() : TestHost(b => b.WithCallbackReceiver().On(DatabaseKind.PostgreSql));
