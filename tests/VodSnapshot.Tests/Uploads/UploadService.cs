using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using VodSnapshot.Api.Features.Uploads;
using VodSnapshot.Api.Persistence;
using VodSnapshot.Tests.TestSupport;

namespace VodSnapshot.Tests.Uploads;

/// <summary>
/// The service on a real loopback port (the Node clients connect to it), with one access key, its global callback
/// at a receiver, and the upload sample installed. Optionally with a test clock.
/// </summary>
public class UploadService : IAsyncLifetime
{
    public const string KeyId = "uploadTestKeyId";
    public const string Secret = "uploadTestKeySecret";

    private readonly TimeProvider? _clock;
    private TestHost? _app;

    public UploadService()
        : this(null)
    {
    }

    protected UploadService(TimeProvider? clock) => _clock = clock;

    public CallbackReceiver Receiver { get; private set; } = null!;

    public WebApplicationFactory<Program> Factory { get; private set; } = null!;

    public Uri Endpoint { get; private set; } = null!;

    public UploadSample Sample { get; } = new();

    public string Root => _app!.Root;

    public string UploadsFolder => Path.Combine(_app!.StateRoot, "uploads");

    public async ValueTask InitializeAsync()
    {
        Receiver = await CallbackReceiver.StartAsync();
        _app = TestHost.Create(b =>
        {
            b.Set("Callback:Url", Receiver.Url("/global")).Set("Callback:RetryDelay", "00:00:00.200")
                .Set("Security:AccessKeys:0:AccessKeyId", KeyId).Set("Security:AccessKeys:0:AccessKeySecret", Secret);
            if (_clock is not null)
            {
                b.Replace(_clock);
            }

            Configure(b);
        });
        Factory = _app;
        Factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        Factory.StartServer();
        Endpoint = Factory.ClientOptions.BaseAddress;
        await Sample.InstallAsync();
    }

    /// <summary>Further settings of a fixture built on this one.</summary>
    protected virtual void Configure(TestHostBuilder builder)
    {
    }

    public async ValueTask DisposeAsync()
    {
        _app?.Dispose();
        await Receiver.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>Calls an action (unsigned, POST form, Format=JSON) on the real port.</summary>
    public async Task<(int Status, JsonElement Body)> CallAsync(string action, Dictionary<string, string> parameters)
    {
        var form = new Dictionary<string, string>(parameters) { ["Action"] = action, ["Version"] = "2017-03-21", ["Format"] = "JSON" };
        using var client = new HttpClient { BaseAddress = Endpoint };
        using var response = await client.PostAsync("/", new FormUrlEncodedContent(form), TestContext.Current.CancellationToken);
        return ((int)response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken));
    }

    /// <summary>CreateUploadVideo: the VideoId and the base64 UploadAddress / UploadAuth, as answered.</summary>
    public async Task<(string VideoId, string Address, string Auth)> CreateUploadAsync(string fileName = "clip.mp4", string? userData = null)
    {
        var parameters = new Dictionary<string, string> { ["Title"] = "Upload " + fileName, ["FileName"] = fileName };
        if (userData is not null)
        {
            parameters["UserData"] = userData;
        }

        var (status, body) = await CallAsync("CreateUploadVideo", parameters);
        Assert.True(status == 200, body.ToString());
        return (body.GetProperty("VideoId").GetString()!, body.GetProperty("UploadAddress").GetString()!, body.GetProperty("UploadAuth").GetString()!);
    }

    public static JsonElement Decode(string base64) => JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(base64))).RootElement.Clone();

    /// <summary>One ali-oss operation (oss-call.js) with an UploadAddress / UploadAuth pair.</summary>
    public async Task<JsonElement> OssCallAsync(string operation, string file, string address, string auth, Dictionary<string, string>? environment = null)
    {
        var (last, _) = await Sample.RunScriptAsync(["oss-call.js", operation, file, address, auth], environment ?? [], TimeSpan.FromSeconds(60));
        return last;
    }

    /// <summary>The whole flow of the sample (upload.js): CreateUploadVideo, ali-oss upload, wait for Normal, SubmitSnapshotJob.</summary>
    public async Task<JsonElement> RunFlowAsync(string file, bool multipart, string callbackUrl, int partSize = 100 * 1024)
    {
        string[] arguments = multipart ? ["upload.js", file, "--multipart"] : ["upload.js", file];
        var (last, output) = await Sample.RunScriptAsync(arguments, new()
        {
            ["VOD_ENDPOINT"] = Endpoint.GetLeftPart(UriPartial.Authority),
            ["VOD_ACCESS_KEY_ID"] = KeyId,
            ["VOD_ACCESS_KEY_SECRET"] = Secret,
            ["VOD_CALLBACK_URL"] = callbackUrl,
            ["VOD_PART_SIZE"] = partSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }, TimeSpan.FromMinutes(2));
        Assert.True(last.TryGetProperty("result", out var result), output);
        return result;
    }

    /// <summary>Waits for the event of <paramref name="eventType"/> that mentions <paramref name="id"/>.</summary>
    public async Task<JsonElement> EventAsync(string id, string eventType, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (DateTime.UtcNow < deadline)
        {
            var found = Receiver.Mentioning(id).Select(c => c.Json).FirstOrDefault(j => j.GetProperty("EventType").GetString() == eventType);
            if (found.ValueKind == JsonValueKind.Object)
            {
                return found;
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        throw new TimeoutException($"No {eventType} event for {id} arrived.");
    }

    public T Query<T>(Func<VodDbContext, T> query)
    {
        using var scope = Factory.Services.CreateScope();
        return query(scope.ServiceProvider.GetRequiredService<VodDbContext>());
    }

    public Video Video(string videoId) => Query(db => db.Videos.Single(v => v.Id == videoId));

    public UploadGrant Grant(string videoId) => Query(db => db.Set<UploadGrant>().Single(g => g.VideoId == videoId));

    /// <summary>Every file the uploads folder holds for this video, or any body half-written (incoming) or part left (multipart).</summary>
    public List<string> StoredFiles(string videoId)
    {
        if (!Directory.Exists(UploadsFolder))
        {
            return [];
        }

        return [.. Directory.EnumerateFiles(UploadsFolder, videoId + "*"),
            .. Folder("incoming").SelectMany(f => Directory.EnumerateFiles(f)),
            .. Folder("multipart").SelectMany(f => Directory.EnumerateFileSystemEntries(f))];
    }

    private IEnumerable<string> Folder(string name)
    {
        var path = Path.Combine(UploadsFolder, name);
        return Directory.Exists(path) ? [path] : [];
    }
}
