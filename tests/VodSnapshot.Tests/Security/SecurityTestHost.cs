using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using VodSnapshot.Api.Persistence;
using VodSnapshot.Api.Rpc;
using VodSnapshot.Api.Security;
using VodSnapshot.Media.Probing;
using VodSnapshot.Tests.TestSupport;

namespace VodSnapshot.Tests.Security;

/// <summary>
/// The service in process with a controllable clock, a prober that never runs anything (it records calls and says
/// "no video"), and optionally a fake DNS. Signed calls are built here the way the vendor's SDKs build them.
/// </summary>
public sealed class SecurityTestHost : IDisposable
{
    public const string KeyId = "testAccessKeyId";
    public const string Secret = "testAccessKeySecret";
    public const string UnknownVideoId = "0123456789abcdef0123456789abcdef";

    private readonly VodSnapshotApp _app;

    public SecurityTestHost(IDictionary<string, string?>? settings = null, IHostAddressResolver? hosts = null, DateTimeOffset? now = null)
    {
        Clock = new FakeTimeProvider(now ?? new DateTimeOffset(2026, 3, 2, 8, 30, 0, TimeSpan.Zero));
        var all = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Security:AccessKeys:0:AccessKeyId"] = KeyId,
            ["Security:AccessKeys:0:AccessKeySecret"] = Secret,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        _app = new VodSnapshotApp(all);
        Factory = _app.WithWebHostBuilder(web => web.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            services.AddSingleton<IMediaProber>(Prober);
            if (hosts is not null)
            {
                services.AddSingleton(hosts);
            }
        }));
    }

    /// <summary>The service's clock: fixed unless a test advances it (start it at the real time for outside clients).</summary>
    public FakeTimeProvider Clock { get; }

    public RecordingProber Prober { get; } = new();

    public WebApplicationFactory<Program> Factory { get; }

    public string MediaRoot => _app.MediaRoot;

    public string Root => _app.Root;

    /// <summary>The common parameters an SDK adds, signed with <paramref name="secret"/> for <paramref name="method"/>.</summary>
    public List<KeyValuePair<string, string>> SignedCall(string method, string action, IEnumerable<KeyValuePair<string, string>>? parameters = null,
        string keyId = KeyId, string secret = Secret, DateTimeOffset? timestamp = null, string? nonce = null)
    {
        var all = new List<KeyValuePair<string, string>>
        {
            new("Action", action),
            new("Version", "2017-03-21"),
            new("Format", "JSON"),
            new("AccessKeyId", keyId),
            new("SignatureMethod", "HMAC-SHA1"),
            new("SignatureVersion", "1.0"),
            new("SignatureNonce", nonce ?? Guid.NewGuid().ToString("N")),
            new("Timestamp", VendorTime.Format(timestamp ?? Clock.GetUtcNow())),
        };
        all.AddRange(parameters ?? []);
        return WithSignature(method, all, secret);
    }

    public static List<KeyValuePair<string, string>> WithSignature(string method, IEnumerable<KeyValuePair<string, string>> parameters, string secret = Secret)
    {
        var list = parameters.Where(p => p.Key != "Signature").ToList();
        list.Add(new("Signature", SignatureV1.Sign(SignatureV1.StringToSign(method, list), secret)));
        return list;
    }

    public static List<KeyValuePair<string, string>> UnsignedCall(string action, IEnumerable<KeyValuePair<string, string>>? parameters = null) =>
        [new("Action", action), new("Version", "2017-03-21"), new("Format", "JSON"), .. parameters ?? []];

    public static KeyValuePair<string, string>[] P(params (string Name, string Value)[] pairs) =>
        [.. pairs.Select(p => new KeyValuePair<string, string>(p.Name, p.Value))];

    public static string Query(IEnumerable<KeyValuePair<string, string>> parameters) =>
        string.Join('&', parameters.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value)));

    public async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(IEnumerable<KeyValuePair<string, string>> parameters)
    {
        using var client = Factory.CreateClient();
        using var response = await client.GetAsync("/?" + Query(parameters), TestContext.Current.CancellationToken);
        return (response.StatusCode, await ReadAsync(response));
    }

    public async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(IEnumerable<KeyValuePair<string, string>> form, string query = "")
    {
        using var client = Factory.CreateClient();
        using var content = new FormUrlEncodedContent(form);
        using var response = await client.PostAsync("/" + (query.Length > 0 ? "?" + query : string.Empty), content, TestContext.Current.CancellationToken);
        return (response.StatusCode, await ReadAsync(response));
    }

    public static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public async Task<int> VideoCountAsync()
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<VodDbContext>().Videos.CountAsync(TestContext.Current.CancellationToken);
    }

    public void Dispose()
    {
        Factory.Dispose();
        _app.Dispose();
    }
}

/// <summary>A prober that runs nothing: it records what it was asked and reports a file without video.</summary>
public sealed class RecordingProber : IMediaProber
{
    public ConcurrentQueue<string> Calls { get; } = new();

    public Task<MediaProbe> ProbeAsync(string path, CancellationToken cancellationToken)
    {
        Calls.Enqueue(path);
        return Task.FromResult(new MediaProbe(false, TimeSpan.Zero, 0, 0, 0, 0, 0, 0, false, TimeSpan.Zero, null, null, "none"));
    }
}

/// <summary>A DNS stand-in: each name answers its queued results in turn (the last one repeats).</summary>
public sealed class FakeHostResolver : IHostAddressResolver
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<IPAddress[]>> _answers = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, IPAddress[]> _last = new(StringComparer.OrdinalIgnoreCase);

    public FakeHostResolver Answer(string host, params string[] addresses)
    {
        _answers.GetOrAdd(host, _ => new()).Enqueue([.. addresses.Select(IPAddress.Parse)]);
        return this;
    }

    public ConcurrentQueue<string> Queries { get; } = new();

    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        Queries.Enqueue(host);
        if (IPAddress.TryParse(host.Trim('[', ']'), out var literal))
        {
            return Task.FromResult<IPAddress[]>([literal]);
        }

        if (_answers.TryGetValue(host, out var queue) && queue.TryDequeue(out var next))
        {
            _last[host] = next;
            return Task.FromResult(next);
        }

        return _last.TryGetValue(host, out var last)
            ? Task.FromResult(last)
            : Task.FromException<IPAddress[]>(new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.HostNotFound));
    }
}
