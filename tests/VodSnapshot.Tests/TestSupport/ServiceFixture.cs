using System.Text.Json;

namespace VodSnapshot.Tests.TestSupport;

/// <summary>
/// One service and one callback receiver shared by a test class, with helpers for the calls most tests make.
/// The service sends callbacks to the receiver by default (Callback:Url), so every job's event can be awaited.
/// </summary>
public class ServiceFixture : IAsyncLifetime
{
    private readonly Dictionary<string, string?> _settings;

    public ServiceFixture()
        : this(new Dictionary<string, string?>())
    {
    }

    protected ServiceFixture(Dictionary<string, string?> settings) => _settings = settings;

    public VodSnapshotApp App { get; private set; } = null!;

    public CallbackReceiver Receiver { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Receiver = await CallbackReceiver.StartAsync();
        _settings.TryAdd("Callback:Url", Receiver.Url("/global"));
        App = new VodSnapshotApp(_settings);
        _ = App.Server;
    }

    public async ValueTask DisposeAsync()
    {
        App.Dispose();
        await Receiver.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>Registers a copy of <paramref name="clip"/> under a unique name and returns its VideoId.</summary>
    public async Task<string> RegisterAsync(string clip, string? userData = null, CancellationToken ct = default)
    {
        var url = App.AddMedia(clip, Guid.NewGuid().ToString("N") + Path.GetExtension(clip));
        var parameters = new Dictionary<string, string>
        {
            ["RegisterMetadatas"] = JsonSerializer.Serialize(new[] { new { FileURL = url, Title = Path.GetFileName(clip) } }),
        };
        if (userData is not null)
        {
            parameters["UserData"] = userData;
        }

        var (status, body) = await App.CallAsync("RegisterMedia", parameters, ct);
        Assert.Equal(200, status);
        return body.GetProperty("RegisteredMediaList")[0].GetProperty("MediaId").GetString()!;
    }

    /// <summary>Submits a job and waits for its SnapshotComplete event at the receiver.</summary>
    public async Task<(string JobId, JsonElement Event)> SnapshotAsync(string videoId, IDictionary<string, string> parameters, CancellationToken ct = default)
    {
        var all = new Dictionary<string, string>(parameters) { ["VideoId"] = videoId };
        var (status, body) = await App.CallAsync("SubmitSnapshotJob", all, ct);
        Assert.True(status == 200, body.ToString());
        var jobId = body.GetProperty("SnapshotJob").GetProperty("JobId").GetString()!;
        while (true)
        {
            var received = await Receiver.NextAsync(TimeSpan.FromSeconds(60), ct);
            var json = received.Json;
            if (json.TryGetProperty("JobId", out var id) && id.GetString() == jobId)
            {
                return (jobId, json);
            }
        }
    }

    /// <summary>Downloads an image the service handed out and returns its local copy.</summary>
    public async Task<string> DownloadAsync(string url, CancellationToken ct = default)
    {
        var path = Path.Combine(App.Root, Guid.NewGuid().ToString("N") + Path.GetExtension(new Uri(url).AbsolutePath));
        using var client = App.CreateClient();
        var bytes = await client.GetByteArrayAsync(new Uri(url).PathAndQuery, ct);
        await File.WriteAllBytesAsync(path, bytes, ct);
        return path;
    }

    /// <summary>The URL of image <paramref name="index"/> of a SnapshotInfos entry.</summary>
    public static string ImageUrl(JsonElement info, int index) =>
        info.GetProperty("SnapshotRegular").GetString()!.Replace("{SnapshotCount}", index.ToString("D5", System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

    public static JsonElement Info(JsonElement snapshotEvent, string type) =>
        snapshotEvent.GetProperty("SnapshotInfos").EnumerateArray().Single(i => i.GetProperty("SnapshotType").GetString() == type);
}
