using System.ComponentModel;
using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VodSnapshot.Api.Persistence;
using VodSnapshot.Tests.TestSupport;

namespace VodSnapshot.Tests.Security;

/// <summary>
/// The vendor's Tea OpenAPI clients, <c>@alicloud/openapi-core</c> 1.0.8 (what today's generated VOD SDK imports) and
/// <c>@alicloud/openapi-client</c> 0.4.15, on their DEFAULT path (signature V3, ACS3-HMAC-SHA256), through the
/// generated SDK's <c>callApi</c> shape (samples/tea-client), against the service on a real loopback port in its
/// embedded default configuration: the documented development key, anonymous calls allowed, real ffmpeg.
/// </summary>
public class TeaClientTests(TeaClientTests.Service service, TestClips clips) : IClassFixture<TeaClientTests.Service>, IClassFixture<TestClips>
{
    /// <summary>Every character class a URL, a form or a JSON string can trip over.</summary>
    public const string AwkwardExtend = "q\"uote {brace} [x] & + % * ~ / ; # ' = ? é 中 😀 \\ end";

    public static TheoryData<string> Clients => new() { "openapi-core", "openapi-client" };

    [Theory(Timeout = 180_000)]
    [MemberData(nameof(Clients))]
    public async Task Every_action_succeeds_on_the_default_path(string client)
    {
        service.SkipUnlessNpm();
        // The setup call production code makes once: without it the vendor ignores UserData callback URLs.
        var globalUrl = service.Receiver.Url("/tea-global");
        await service.ResultAsync(client, "SetMessageCallback", new { CallbackType = "HTTP", CallbackURL = globalUrl, EventTypeList = "ALL", AuthSwitch = "on", AuthKey = "TeaKey2026abc" });
        var configured = (await service.ResultAsync(client, "GetMessageCallback", new { })).GetProperty("MessageCallback");
        Assert.Equal((globalUrl, "ALL", "on"), (configured.GetProperty("CallbackURL").GetString(), configured.GetProperty("EventTypeList").GetString(), configured.GetProperty("AuthSwitch").GetString()));
        var fileUrl = service.App.AddMedia(clips.Ramp, Guid.NewGuid().ToString("N") + ".mp4");
        var registered = await service.ResultAsync(client, "RegisterMedia",
            new { RegisterMetadatas = JsonSerializer.Serialize(new[] { new { FileURL = fileUrl, Title = "Tea " + client } }) });
        var videoId = registered.GetProperty("RegisteredMediaList")[0].GetProperty("MediaId").GetString()!;

        var info = await service.ResultAsync(client, "GetVideoInfo", new { VideoId = videoId });
        Assert.Equal("UploadSucc", info.GetProperty("Video").GetProperty("Status").GetString());

        var added = await service.ResultAsync(client, "AddVodTemplate", new
        {
            Name = "Tea template",
            TemplateType = "Snapshot",
            TemplateConfig = """{"SnapshotType":"NormalSnapshot","SnapshotConfig":{"Count":2,"Width":80}}""",
        });
        var templateId = added.GetProperty("VodTemplateId").GetString()!;
        var template = await service.ResultAsync(client, "GetVodTemplate", new { VodTemplateId = templateId });
        Assert.Equal("Tea template", template.GetProperty("VodTemplateInfo").GetProperty("Name").GetString());
        await service.ResultAsync(client, "UpdateVodTemplate", new { VodTemplateId = templateId, Name = "Tea template, renamed" });
        var list = await service.ResultAsync(client, "ListVodTemplate", new { TemplateType = "Snapshot" });
        Assert.Contains(list.GetProperty("VodTemplateInfoList").EnumerateArray(),
            t => t.GetProperty("VodTemplateId").GetString() == templateId && t.GetProperty("Name").GetString() == "Tea template, renamed");

        var userData = JsonSerializer.Serialize(new { MessageCallback = new { CallbackURL = service.Receiver.Url("/tea-" + client) }, Extend = AwkwardExtend });
        var submitted = await service.ResultAsync(client, "SubmitSnapshotJob", new
        {
            VideoId = videoId,
            SpecifiedOffsetTime = "500",
            Count = "2",
            Interval = "1",
            Width = "80",
            UserData = userData,
        });
        var jobId = submitted.GetProperty("SnapshotJob").GetProperty("JobId").GetString()!;
        var callback = await service.CallbackAsync(jobId);
        Assert.Equal("success", callback.Json.GetProperty("Status").GetString());
        Assert.Equal(AwkwardExtend, callback.Json.GetProperty("Extend").GetString());
        Assert.DoesNotContain("\\uD83D", callback.Body, StringComparison.OrdinalIgnoreCase);

        var snapshots = await service.ResultAsync(client, "ListSnapshots", new { VideoId = videoId, SnapshotType = "NormalSnapshot" });
        Assert.Equal(2, snapshots.GetProperty("MediaSnapshot").GetProperty("Total").GetInt64());

        await service.ResultAsync(client, "CreateAudit", new { AuditContent = JsonSerializer.Serialize(new[] { new { VideoId = videoId, Status = "Normal" } }) });
        Assert.Equal("Normal", (await service.ResultAsync(client, "GetVideoInfo", new { VideoId = videoId })).GetProperty("Video").GetProperty("Status").GetString());

        await service.ResultAsync(client, "DeleteVodTemplate", new { VodTemplateId = templateId });
        var deleted = await service.ResultAsync(client, "DeleteVideo", new { VideoIds = videoId });
        Assert.Empty(deleted.GetProperty("NonExistVideoIds").EnumerateArray());
        var gone = await service.ErrorAsync(client, "GetVideoInfo", new { VideoId = videoId });
        Assert.Equal(("InvalidVideo.NotFound", 404), (gone.Code, gone.Status));
    }

    [Theory(Timeout = 180_000)]
    [MemberData(nameof(Clients))]
    public async Task Parameters_may_travel_in_a_signed_form_body_beside_the_query(string client)
    {
        service.SkipUnlessNpm();
        var answer = await service.CallAsync(client, "ListVodTemplate", new { PageSize = "5" }, body: new { TemplateType = "Snapshot" });

        Assert.True(answer.TryGetProperty("result", out var result), answer.ToString());
        Assert.NotEmpty(result.GetProperty("VodTemplateInfoList").EnumerateArray());
    }

    [Theory(Timeout = 180_000)]
    [MemberData(nameof(Clients))]
    public async Task An_xml_error_asked_for_explicitly_is_read_by_the_client(string client)
    {
        service.SkipUnlessNpm();
        var error = await service.ErrorAsync(client, "GetVideoInfo", new { VideoId = RpcCalls.UnknownVideoId, Format = "XML" });

        Assert.Equal(("InvalidVideo.NotFound", 404), (error.Code, error.Status));
        Assert.Matches("^[0-9A-F-]{36}$", error.RequestId);
    }

    [Theory(Timeout = 180_000)]
    [MemberData(nameof(Clients))]
    public async Task The_v2_path_keeps_working(string client)
    {
        service.SkipUnlessNpm();
        var answer = await service.CallAsync(client, "ListVodTemplate", new { TemplateType = "Snapshot" }, algorithm: "v2");

        Assert.True(answer.TryGetProperty("result", out _), answer.ToString());
    }

    public static TheoryData<string, string> Refusals()
    {
        var cases = new TheoryData<string, string>();
        foreach (var client in new[] { "openapi-core", "openapi-client" })
        {
            foreach (var refusal in new[] { "wrong secret", "unknown key", "expired date", "replayed nonce", "tampered body", "parameter added after signing", "SM3 algorithm" })
            {
                cases.Add(client, refusal);
            }
        }

        return cases;
    }

    [Theory(Timeout = 180_000)]
    [MemberData(nameof(Refusals))]
    public async Task Refusals_surface_as_the_clients_typed_errors_and_store_nothing(string client, string refusal)
    {
        service.SkipUnlessNpm();
        var query = new { Name = "refused " + refusal, TemplateType = "Snapshot" };
        var body = new { TemplateConfig = """{"SnapshotType":"NormalSnapshot","SnapshotConfig":{"Count":1}}""" };
        (string? KeyId, string? Secret, string? Wire, string? Algorithm, string Code, int Status) expected = refusal switch
        {
            "wrong secret" => (null, "not-the-secret", null, null, "SignatureDoesNotMatch", 400),
            "unknown key" => ("LTAIunknown", null, null, null, "InvalidAccessKeyId.NotFound", 404),
            "expired date" => (null, null, "clock", null, "InvalidTimeStamp.Expired", 400),
            "replayed nonce" => (null, null, "replay", null, "SignatureNonceUsed", 400),
            "tampered body" => (null, null, "body", null, "SignatureDoesNotMatch", 400),
            "parameter added after signing" => (null, null, "query", null, "SignatureDoesNotMatch", 400),
            _ => (null, null, null, "ACS3-HMAC-SM3", "InvalidParameter", 400),
        };
        var (keyId, secret, wire, algorithm, code, status) = expected;
        var before = await service.TemplateCountAsync();

        var error = await service.ErrorAsync(client, "AddVodTemplate", query, body, keyId, secret, wire, algorithm);

        Assert.Equal((code, status), (error.Code, error.Status));
        Assert.Matches("^[0-9A-F-]{36}$", error.RequestId);
        // A replayed call was served once (its first copy); every other refused call stores nothing.
        Assert.Equal(before + (refusal == "replayed nonce" ? 1 : 0), await service.TemplateCountAsync());
        if (refusal == "wrong secret")
        {
            Assert.Contains("server canonical request is:POST\n/\n", error.Message, StringComparison.Ordinal);
            Assert.Contains("x-acs-action:AddVodTemplate\n", error.Message, StringComparison.Ordinal);
        }
        else if (refusal == "SM3 algorithm")
        {
            Assert.Contains("ACS3-HMAC-SHA256", error.Message, StringComparison.Ordinal);
        }
    }

    /// <summary>A typed error as call.js printed it.</summary>
    public sealed record ClientError(string Name, string Code, int Status, string Message, string RequestId);

    /// <summary>The service in its embedded default configuration on Kestrel, a callback receiver, and the sample installed once.</summary>
    public sealed class Service : IAsyncLifetime
    {
        private string? _npmMissing;

        public TestHost App { get; private set; } = null!;

        public CallbackReceiver Receiver { get; private set; } = null!;

        public string SampleFolder { get; } = Path.Combine(Repository.Root, "samples", "tea-client");

        private static string WireScript => Path.Combine(Repository.Root, "tests", "VodSnapshot.Tests", "Security", "tea-wire.js");

        /// <summary>host:port, the form the clients want (no scheme, no trailing slash).</summary>
        public string Endpoint { get; private set; } = string.Empty;

        public async ValueTask InitializeAsync()
        {
            Receiver = await CallbackReceiver.StartAsync();
            App = new TestHost();
            App.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
            App.StartServer();
            Endpoint = App.ClientOptions.BaseAddress.Authority;

            var npm = OperatingSystem.IsWindows() ? "npm.cmd" : "npm";
            try
            {
                await ChildProcess.RunAsync(npm, ["--version"], TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken, SampleFolder);
            }
            catch (Win32Exception)
            {
                _npmMissing = "npm is not installed; the Tea client tests need Node.js with npm on PATH.";
                return;
            }

            if (!IsInstalled())
            {
                var (exit, stdout, stderr) = await ChildProcess.RunAsync(npm, ["ci", "--no-audit", "--no-fund"], TimeSpan.FromMinutes(5), TestContext.Current.CancellationToken, SampleFolder);
                Assert.True(exit == 0, $"npm ci failed in samples/tea-client:\n{stdout}\n{stderr}");
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
        public async Task<JsonElement> CallAsync(string client, string action, object query, object? body = null, string? keyId = null, string? secret = null,
            string? wire = null, string? algorithm = null)
        {
            List<string> arguments = wire is null ? [] : ["--require", WireScript];
            arguments.AddRange(["call.js", action, JsonSerializer.Serialize(query)]);
            if (body is not null)
            {
                arguments.Add(JsonSerializer.Serialize(body));
            }

            var environment = new Dictionary<string, string> { ["VOD_ENDPOINT"] = Endpoint, ["VOD_CLIENT"] = client };
            Optional(environment, "VOD_ACCESS_KEY_ID", keyId);
            Optional(environment, "VOD_ACCESS_KEY_SECRET", secret);
            Optional(environment, "VOD_WIRE", wire);
            Optional(environment, "VOD_SIGNATURE_ALGORITHM", algorithm);
            var (exit, stdout, stderr) = await ChildProcess.RunAsync("node", arguments, TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken, SampleFolder, environment);
            Assert.True(exit is 0 or 2, $"call.js exited {exit}:\n{stdout}\n{stderr}");
            return JsonDocument.Parse(stdout.Trim().Split('\n')[^1]).RootElement.Clone();
        }

        public async Task<JsonElement> ResultAsync(string client, string action, object query)
        {
            var output = await CallAsync(client, action, query);
            Assert.True(output.TryGetProperty("result", out var result), $"{action}: {output}");
            Assert.False(result.TryGetProperty("Code", out _), result.ToString());
            Assert.Matches("^[0-9A-F-]{36}$", result.GetProperty("RequestId").GetString());
            return result;
        }

        public async Task<ClientError> ErrorAsync(string client, string action, object query, object? body = null, string? keyId = null, string? secret = null,
            string? wire = null, string? algorithm = null)
        {
            var output = await CallAsync(client, action, query, body, keyId, secret, wire, algorithm);
            Assert.True(output.TryGetProperty("error", out var error), $"{action}: {output}");
            return new ClientError(error.GetProperty("name").GetString()!, error.GetProperty("code").GetString()!, error.GetProperty("statusCode").GetInt32(),
                error.GetProperty("message").GetString()!, error.GetProperty("requestId").GetString()!);
        }

        /// <summary>The SnapshotComplete event of <paramref name="jobId"/> at the receiver.</summary>
        public async Task<ReceivedCallback> CallbackAsync(string jobId)
        {
            while (true)
            {
                var received = await Receiver.NextAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
                if (received.Json.TryGetProperty("JobId", out var id) && id.GetString() == jobId)
                {
                    return received;
                }
            }
        }

        public async Task<int> TemplateCountAsync()
        {
            await using var scope = App.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<VodDbContext>().VodTemplates.CountAsync(TestContext.Current.CancellationToken);
        }

        public async ValueTask DisposeAsync()
        {
            App.Dispose();
            await Receiver.DisposeAsync();
        }

        private static void Optional(Dictionary<string, string> environment, string name, string? value)
        {
            if (value is not null)
            {
                environment[name] = value;
            }
        }

        /// <summary>Whether node_modules holds the client versions package.json pins, so a run needs no registry.</summary>
        private bool IsInstalled()
        {
            using var pinned = JsonDocument.Parse(File.ReadAllText(Path.Combine(SampleFolder, "package.json")));
            foreach (var dependency in pinned.RootElement.GetProperty("dependencies").EnumerateObject())
            {
                var installed = Path.Combine([SampleFolder, "node_modules", .. dependency.Name.Split('/'), "package.json"]);
                if (!File.Exists(installed))
                {
                    return false;
                }

                using var actual = JsonDocument.Parse(File.ReadAllText(installed));
                if (dependency.Value.GetString() != actual.RootElement.GetProperty("version").GetString())
                {
                    return false;
                }
            }

            return true;
        }
    }
}
