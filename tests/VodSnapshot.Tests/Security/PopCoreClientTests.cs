using System.ComponentModel;
using System.Net;
using System.Text.Json;
using VodSnapshot.Tests.TestSupport;
using static VodSnapshot.Tests.TestSupport.RpcCalls;

namespace VodSnapshot.Tests.Security;

/// <summary>
/// The vendor's Node client, <c>@alicloud/pop-core</c>, unchanged (samples/pop-core), against the service on a real
/// loopback port: over GET and form POST, with a configured key, a wrong secret and an unknown key.
/// </summary>
public class PopCoreClientTests(PopCoreClientTests.Service service) : IClassFixture<PopCoreClientTests.Service>
{
    /// <summary>
    /// One line per action: its name, its parameters as JSON, and the code a correctly signed call answers (null for
    /// success). An error code that only the action can produce proves the signature was accepted.
    /// </summary>
    private static readonly (string Action, string Parameters, string? SignedCode)[] Actions =
    [
        ("GetVideoInfo", $$"""{"VideoId":"{{UnknownVideoId}}"}""", "InvalidVideo.NotFound"),
        // Every parameter is read (and the JSON ones decoded) before the video is looked up, so reaching
        // InvalidVideo.NotFound proves the client's encoding of JSON, quotes and braces round-trips.
        ("SubmitSnapshotJob", $$"""{"VideoId":"{{UnknownVideoId}}","Count":"3","Interval":"0","SpriteSnapshotConfig":"{\"Columns\":2,\"Color\":\"tomato\"}","UserData":"{\"Extend\":\"a b&c=d\"}"}""", "InvalidVideo.NotFound"),
        ("ListSnapshots", $$"""{"VideoId":"{{UnknownVideoId}}","SnapshotType":"NormalSnapshot","PageSize":"5"}""", "InvalidVideo.NotFound"),
        // A success answer: the client must not find a Code in it.
        ("ListVodTemplate", """{"TemplateType":"Snapshot"}""", null),
        // A refusal only SetMessageCallback's own checks give (nothing stored), and the configuration read back.
        ("SetMessageCallback", """{"CallbackType":"HTTP","CallbackURL":"http://127.0.0.1:9/cb","EventTypeList":"NoSuchEvent"}""", "InvalidParameter"),
        ("GetMessageCallback", "{}", null),
    ];

    private const string ValidKey = "valid key";
    private const string WrongSecret = "wrong secret";
    private const string UnknownKey = "unknown key";

    public static TheoryData<string, string, string> Calls()
    {
        var calls = new TheoryData<string, string, string>();
        foreach (var (action, _, _) in Actions)
        {
            foreach (var method in new[] { "GET", "POST" })
            {
                foreach (var credentials in new[] { ValidKey, WrongSecret, UnknownKey })
                {
                    calls.Add(action, method, credentials);
                }
            }
        }

        return calls;
    }

    [Theory(Timeout = 60_000)]
    [MemberData(nameof(Calls))]
    public async Task The_vendor_client_works_unchanged(string action, string method, string credentials)
    {
        service.SkipUnlessNpm();
        var (_, parameters, signedCode) = Actions.Single(a => a.Action == action);
        var (keyId, secret, expected) = credentials switch
        {
            ValidKey => (KeyId, Secret, signedCode),
            WrongSecret => (KeyId, "not-" + Secret, "SignatureDoesNotMatch"),
            _ => ("LTAI-unknown", Secret, "InvalidAccessKeyId.NotFound"),
        };

        var output = await service.CallAsync(action, parameters, method, keyId, secret);

        if (expected is null)
        {
            Assert.True(output.TryGetProperty("result", out var result), output.ToString());
            Assert.False(string.IsNullOrEmpty(result.GetProperty("RequestId").GetString()));
        }
        else
        {
            Assert.True(output.TryGetProperty("error", out var error), output.ToString());
            Assert.Equal(expected, error.GetProperty("code").GetString());
            Assert.Matches("^[0-9A-F-]{36}$", error.GetProperty("requestId").GetString());
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task A_long_get_within_the_query_bound_gets_past_the_web_server()
    {
        service.SkipUnlessNpm();
        var host = service.Host;
        var padding = P(("VideoId", UnknownVideoId), ("Pad", new string('x', 20_000)));

        using var client = host.CreateClient();
        using var served = await client.GetAsync("/?" + Query(host.SignedCall("GET", "GetVideoInfo", padding)), TestContext.Current.CancellationToken);
        using var refused = await client.GetAsync("/?Format=JSON&Pad=" + new string('x', 32_800), TestContext.Current.CancellationToken);

        Assert.Equal("InvalidVideo.NotFound", (await ReadAsync(served)).GetProperty("Code").GetString());
        Assert.Equal(HttpStatusCode.RequestUriTooLong, refused.StatusCode);
        Assert.Equal("RequestURITooLong", (await ReadAsync(refused)).GetProperty("Code").GetString());
    }

    /// <summary>The service on Kestrel with one key and anonymous calls off, and the sample installed once per run.</summary>
    public sealed class Service : IAsyncLifetime
    {
        private string? _npmMissing;

        public TestHost Host { get; } = TestHost.Create(b => b.ForSignedCalls(DateTimeOffset.UtcNow).Set("Security:AllowAnonymous", "false"));

        public string SampleFolder { get; } = Path.Combine(Repository.Root, "samples", "pop-core");

        public Uri Endpoint { get; private set; } = new("http://127.0.0.1/");

        public async ValueTask InitializeAsync()
        {
            Host.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
            Host.StartServer();
            Endpoint = Host.ClientOptions.BaseAddress;

            var npm = OperatingSystem.IsWindows() ? "npm.cmd" : "npm";
            try
            {
                await ChildProcess.RunAsync(npm, ["--version"], TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken, SampleFolder);
            }
            catch (Win32Exception)
            {
                _npmMissing = "npm is not installed; the @alicloud/pop-core client test needs Node.js with npm on PATH.";
                return;
            }

            if (!IsInstalled())
            {
                var (exit, stdout, stderr) = await ChildProcess.RunAsync(npm, ["ci", "--no-audit", "--no-fund"], TimeSpan.FromMinutes(5), TestContext.Current.CancellationToken, SampleFolder);
                Assert.True(exit == 0, $"npm ci failed in samples/pop-core:\n{stdout}\n{stderr}");
            }
        }

        public void SkipUnlessNpm()
        {
            if (_npmMissing is not null)
            {
                Assert.Skip(_npmMissing);
            }
        }

        /// <summary>Runs call.js and returns the JSON line it printed.</summary>
        public async Task<JsonElement> CallAsync(string action, string parameters, string method, string keyId, string secret)
        {
            var (exit, stdout, stderr) = await ChildProcess.RunAsync("node", ["call.js", action, parameters], TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken, SampleFolder, new Dictionary<string, string>()
            {
                ["VOD_ENDPOINT"] = Endpoint.GetLeftPart(UriPartial.Authority),
                ["VOD_ACCESS_KEY_ID"] = keyId,
                ["VOD_ACCESS_KEY_SECRET"] = secret,
                ["VOD_METHOD"] = method,
            });
            Assert.True(exit is 0 or 2, $"call.js exited {exit}:\n{stdout}\n{stderr}");
            return JsonDocument.Parse(stdout.Trim().Split('\n')[^1]).RootElement.Clone();
        }

        public ValueTask DisposeAsync()
        {
            Host.Dispose();
            return ValueTask.CompletedTask;
        }

        /// <summary>Whether node_modules holds the version package.json pins, so a run needs no registry.</summary>
        private bool IsInstalled()
        {
            var installed = Path.Combine(SampleFolder, "node_modules", "@alicloud", "pop-core", "package.json");
            if (!File.Exists(installed))
            {
                return false;
            }

            using var pinned = JsonDocument.Parse(File.ReadAllText(Path.Combine(SampleFolder, "package.json")));
            using var actual = JsonDocument.Parse(File.ReadAllText(installed));
            return pinned.RootElement.GetProperty("dependencies").GetProperty("@alicloud/pop-core").GetString()
                == actual.RootElement.GetProperty("version").GetString();
        }
    }
}
