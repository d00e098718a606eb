using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VodSnapshot.Api.Persistence;
using VodSnapshot.Api.Rpc;
using VodSnapshot.Tests.TestSupport;

namespace VodSnapshot.Tests.Security;

/// <summary>
/// Every action of the dispatch table × every parameter (and every string field inside its JSON parameters) ×
/// {unpaired surrogate, NUL, control character, 10 KB}, asked in JSON and in XML, against the real stack with a
/// real playable video: each call must be refused with a 4xx envelope in the asked format, and nothing stored may
/// change. Each action's valid baseline call is proven to succeed first, so a refusal is due to the hostile value.
/// </summary>
public sealed class HostileInputSweepTests(TestClips clips) : IClassFixture<TestClips>, IDisposable
{
    private const string TemplateConfig =
        """{"SnapshotType":"SpriteSnapshot","SnapshotConfig":{"FrameType":"normal","Count":"4","Interval":"1","Width":"64","SpriteSnapshotConfig":{"CellWidth":"32","Columns":"2","Lines":"2","Color":"black","KeepCellPic":"keep"}}}""";

    /// <summary>The callback configuration calls work on an AppId of their own, so the default one stays as it is.</summary>
    private const string SweepAppId = "app-2000000";

    private const string UserData = """{"MessageCallback":{"CallbackURL":"http://127.0.0.1:9/callback"},"Extend":{"ticket":"42"}}""";

    // Remote URLs on (to loopback), so UploadMediaByURL's baseline is accepted; nothing here is ever fetched from elsewhere.
    private readonly TestHost _app = TestHost.Create(b => b.Set("Media:AllowRemoteUrls", "true").Set("Media:AllowPrivateNetworks", "true"));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public enum Hostile
    {
        Surrogate,
        Nul,
        Control,
        TenKilobytes,
    }

    [Fact(Timeout = 600_000)]
    public async Task Every_parameter_of_every_action_refuses_hostile_text_with_a_4xx_envelope_and_changes_nothing()
    {
        using var client = _app.CreateClient();
        var videoId = await client.RegisterAsync(_app.AddMedia(clips.Ramp, "sweep.mp4"), Ct);
        var victimId = await client.RegisterAsync(_app.AddMedia(clips.Ramp, "victim.mp4"), Ct);
        var templateId = await AddTemplateAsync(client, "sweep");
        var victimTemplateId = await AddTemplateAsync(client, "victim");
        var unregistered = _app.AddMedia(clips.Ramp, "never-registered.mp4");
        var uploadingId = await CreateUploadAsync(client);
        await MakePlayableAsync(client, videoId);
        var baselines = Baselines(videoId, victimId, templateId, victimTemplateId, unregistered, uploadingId);

        var actions = _app.Services.GetRequiredService<RpcDispatcher>().Actions.ToList();
        Assert.Equal(actions.Select(a => a.Name).Order(), baselines.Keys.Order());
        var cases = new List<(string Action, string Parameter, string Field, Hostile Kind, string Query)>();
        foreach (var (action, doc) in actions)
        {
            // Every documented parameter is swept: a new one must be added to the baselines to pass.
            Assert.Equal(doc.Parameters.Select(p => p.Name).Order(), baselines[action].Values.SelectMany(c => c.Keys).Distinct().Order());
            foreach (var (name, parameters) in baselines[action])
            {
                foreach (var parameter in parameters.Keys.Where(k => name == "*" || name == k))
                {
                    foreach (var kind in Enum.GetValues<Hostile>())
                    {
                        cases.Add((action, parameter, "(whole value)", kind, Query(action, parameters, parameter, RawHostile(parameters[parameter], kind))));
                        foreach (var (field, json) in JsonVariants(parameters[parameter], kind))
                        {
                            cases.Add((action, parameter, field, kind, Query(action, parameters, parameter, Uri.EscapeDataString(json))));
                        }
                    }
                }
            }
        }

        var before = await FingerprintAsync();
        var sent = 0;
        var failures = new List<string>();
        foreach (var (action, parameter, field, kind, query) in cases)
        {
            foreach (var format in new[] { "JSON", "XML" })
            {
                using var response = await client.GetAsync($"/?{query}&Format={format}", Ct);
                sent++;
                var text = await response.Content.ReadAsStringAsync(Ct);
                var status = (int)response.StatusCode;
                var code = format == "JSON" ? JsonCode(text) : XmlCode(text);
                if (status is < 400 or >= 500 || code is null)
                {
                    failures.Add($"{action} {parameter} {field} {kind} {format}: {status} {Shorten(text)}");
                }
            }
        }

        var after = await FingerprintAsync();
        TestContext.Current.SendDiagnosticMessage($"Hostile sweep: {cases.Count} cases, {sent} requests, {failures.Count} not refused with a 4xx envelope.");
        Assert.True(failures.Count == 0, $"{failures.Count} of {sent}:\n" + string.Join('\n', failures.Take(60)));
        Assert.Equal(before, after);
        Assert.True(sent >= 500, $"only {sent} requests");
    }

    /// <summary>
    /// A valid call per action (more than one where a parameter hides the others), each proven to succeed. The key "*"
    /// of a call lists which parameters it sweeps ("*" for all).
    /// </summary>
    private static Dictionary<string, Dictionary<string, Dictionary<string, string>>> Baselines(
        string videoId, string victimId, string templateId, string victimTemplateId, string unregistered, string uploadingId)
    {
        var registerItems = JsonSerializer.Serialize(new[]
        {
            new { FileURL = unregistered, Title = "Title", Description = "Description", Tags = "a,b", CateId = "7", CoverURL = "http://127.0.0.1:9/cover.jpg" },
        });
        var sprite = """{"CellWidth":"32","CellHeight":"18","Columns":"2","Lines":"2","Padding":"1","Margin":"1","Color":"tomato","KeepCellPic":"keep"}""";
        var submit = new Dictionary<string, string>
        {
            ["VideoId"] = videoId, ["SpecifiedOffsetTime"] = "0", ["Width"] = "64", ["Height"] = "36", ["Count"] = "1", ["Interval"] = "1",
            ["SpecifiedOffsetTimes"] = """["0","1000"]""", ["SpriteSnapshotConfig"] = sprite, ["UserData"] = UserData, ["ReferenceId"] = "sweep-reference",
        };
        return new()
        {
            ["RegisterMedia"] = One(new() { ["RegisterMetadatas"] = registerItems, ["UserData"] = UserData }),
            ["GetVideoInfo"] = One(new() { ["VideoId"] = videoId }),
            ["CreateAudit"] = One(new() { ["AuditContent"] = $$"""[{"VideoId":"{{videoId}}","Status":"Blocked","Reason":"Reason","Comment":"Comment"}]""" }),
            ["DeleteVideo"] = One(new() { ["VideoIds"] = victimId }),
            ["SubmitSnapshotJob"] = new()
            {
                ["*"] = submit,
                // With a template every other parameter is ignored, so the template id is swept on its own.
                ["SnapshotTemplateId"] = new(submit) { ["SnapshotTemplateId"] = templateId },
            },
            ["ListSnapshots"] = One(new() { ["VideoId"] = videoId, ["SnapshotType"] = "NormalSnapshot", ["PageNo"] = "1", ["PageSize"] = "10", ["AuthTimeout"] = "3600" }),
            ["AddVodTemplate"] = One(new() { ["Name"] = "Name", ["TemplateType"] = "Snapshot", ["SubTemplateType"] = "SpriteSnapshot", ["TemplateConfig"] = TemplateConfig, ["AppId"] = "app-1000000" }),
            ["UpdateVodTemplate"] = One(new() { ["VodTemplateId"] = templateId, ["Name"] = "Renamed", ["SubTemplateType"] = "SpriteSnapshot", ["TemplateConfig"] = TemplateConfig }),
            ["GetVodTemplate"] = One(new() { ["VodTemplateId"] = templateId }),
            ["ListVodTemplate"] = One(new() { ["TemplateType"] = "Snapshot", ["AppId"] = "app-1000000" }),
            ["DeleteVodTemplate"] = One(new() { ["VodTemplateId"] = victimTemplateId }),
            ["CreateUploadVideo"] = One(new()
            {
                ["Title"] = "Title", ["FileName"] = "clip.mp4", ["FileSize"] = "1000", ["Description"] = "Description", ["CoverURL"] = "http://127.0.0.1:9/cover.jpg",
                ["CateId"] = "7", ["Tags"] = "a,b", ["TemplateGroupId"] = "group", ["WorkflowId"] = "flow", ["StorageLocation"] = "local",
                ["UserData"] = UserData, ["AppId"] = "app-1000000",
            }),
            ["RefreshUploadVideo"] = One(new() { ["VideoId"] = uploadingId }),
            ["GetPlayInfo"] = One(new()
            {
                ["VideoId"] = videoId, ["Formats"] = "mp4", ["AuthTimeout"] = "3600", ["OutputType"] = "cdn", ["StreamType"] = "video", ["Definition"] = "OD", ["ResultType"] = "Single",
            }),
            ["GetVideoPlayAuth"] = One(new() { ["VideoId"] = videoId, ["AuthInfoTimeout"] = "100" }),
            ["UpdateVideoInfo"] = One(new()
            {
                ["VideoId"] = videoId, ["Title"] = "Title", ["Description"] = "Description", ["CoverURL"] = "http://127.0.0.1:9/cover.jpg", ["CateId"] = "7", ["Tags"] = "a,b",
            }),
            ["GetVideoList"] = One(new()
            {
                ["Status"] = "Normal,UploadSucc", ["StartTime"] = "2020-01-01T00:00:00Z", ["EndTime"] = "2099-01-01T00:00:00Z", ["CateId"] = "7",
                ["StorageLocation"] = "local", ["PageNo"] = "1", ["PageSize"] = "10", ["SortBy"] = "CreationTime:Desc",
            }),
            ["SearchMedia"] = One(new()
            {
                ["SearchType"] = "video", ["Match"] = "Title = 'Title'", ["Fields"] = "Title", ["SortBy"] = "CreationTime:Desc", ["PageNo"] = "1", ["PageSize"] = "10",
                ["ScrollToken"] = "0123456789abcdef0123456789abcdef",
            }),
            ["UploadMediaByURL"] = One(new()
            {
                ["UploadURLs"] = "http://127.0.0.1:9/clip.mp4", ["UploadMetadatas"] = """[{"SourceURL":"http://127.0.0.1:9/clip.mp4","Title":"Title"}]""",
                ["UserData"] = UserData, ["TemplateGroupId"] = "group",
            }),
            ["SetDefaultVodTemplate"] = One(new() { ["VodTemplateId"] = templateId }),
            ["SetMessageCallback"] = new()
            {
                ["*"] = new()
                {
                    ["CallbackType"] = "HTTP", ["CallbackURL"] = "http://127.0.0.1:9/callback", ["EventTypeList"] = "SnapshotComplete,FileUploadComplete",
                    ["AuthSwitch"] = "on", ["AuthKey"] = "Sweep123Key", ["AppId"] = SweepAppId,
                },
                // The queue fields belong to an MNS configuration, so they are swept on one.
                ["MnsEndpoint"] = Mns(),
                ["MnsQueueName"] = Mns(),
            },
            ["GetMessageCallback"] = One(new() { ["AppId"] = SweepAppId }),
            ["DeleteMessageCallback"] = One(new() { ["AppId"] = SweepAppId }),
            ["GetURLUploadInfos"] = new()
            {
                // JobIds wins over UploadURLs, so each is swept on its own call.
                ["JobIds"] = new() { ["JobIds"] = "0123456789abcdef0123456789abcdef" },
                ["UploadURLs"] = new() { ["UploadURLs"] = "http://127.0.0.1:9/clip.mp4" },
            },
        };

        static Dictionary<string, string> Mns() => new()
        {
            ["CallbackType"] = "MNS", ["MnsEndpoint"] = "http://1234567.mns.cn-shanghai-internal.aliyuncs.com/", ["MnsQueueName"] = "sweep-queue",
            ["EventTypeList"] = "ALL", ["AppId"] = SweepAppId,
        };

        static Dictionary<string, Dictionary<string, string>> One(Dictionary<string, string> call) => new() { ["*"] = call };
    }

    [Fact(Timeout = 600_000)]
    public async Task Each_baseline_call_succeeds_so_the_sweep_refusals_are_due_to_the_hostile_values()
    {
        using var client = _app.CreateClient();
        var videoId = await client.RegisterAsync(_app.AddMedia(clips.Ramp, "sweep.mp4"), Ct);
        var victimId = await client.RegisterAsync(_app.AddMedia(clips.Ramp, "victim.mp4"), Ct);
        var templateId = await AddTemplateAsync(client, "sweep");
        var victimTemplateId = await AddTemplateAsync(client, "victim");
        var baselines = Baselines(videoId, victimId, templateId, victimTemplateId, _app.AddMedia(clips.Ramp, "never-registered.mp4"), await CreateUploadAsync(client));
        await MakePlayableAsync(client, videoId);

        // In an order where no call undoes what a later one needs (audit and deletes last).
        string[] order = ["RegisterMedia", "GetVideoInfo", "SubmitSnapshotJob", "ListSnapshots", "AddVodTemplate", "UpdateVodTemplate",
            "GetVodTemplate", "ListVodTemplate", "SetDefaultVodTemplate", "DeleteVodTemplate", "SetMessageCallback", "GetMessageCallback",
            "DeleteMessageCallback", "CreateUploadVideo", "RefreshUploadVideo", "GetPlayInfo", "GetVideoPlayAuth",
            "UpdateVideoInfo", "GetVideoList", "SearchMedia", "UploadMediaByURL", "GetURLUploadInfos", "DeleteVideo", "CreateAudit"];
        Assert.Equal(baselines.Keys.Order(), order.Order());
        foreach (var action in order)
        {
            foreach (var (_, parameters) in baselines[action])
            {
                var (status, body) = await client.CallAsync(action, parameters, ct: Ct);
                Assert.True(status == 200, $"{action}: {body}");
            }
        }
    }

    /// <summary>GetPlayInfo serves reviewed (Normal) videos only, so the swept video is one.</summary>
    private static async Task MakePlayableAsync(HttpClient client, string videoId)
    {
        var (status, body) = await client.CallAsync("CreateAudit", new Dictionary<string, string> { ["AuditContent"] = $$"""[{"VideoId":"{{videoId}}","Status":"Normal"}]""" }, ct: Ct);
        Assert.True(status == 200, body.ToString());
    }

    private static async Task<string> CreateUploadAsync(HttpClient client)
    {
        var (status, body) = await client.CallAsync("CreateUploadVideo", new Dictionary<string, string> { ["Title"] = "uploading", ["FileName"] = "up.mp4" }, ct: Ct);
        Assert.True(status == 200, body.ToString());
        return body.GetProperty("VideoId").GetString()!;
    }

    private static async Task<string> AddTemplateAsync(HttpClient client, string name)
    {
        var (status, body) = await client.CallAsync("AddVodTemplate", new Dictionary<string, string>
        {
            ["Name"] = name, ["TemplateType"] = "Snapshot", ["TemplateConfig"] = TemplateConfig,
        }, ct: Ct);
        Assert.True(status == 200, body.ToString());
        return body.GetProperty("VodTemplateId").GetString()!;
    }

    /// <summary>The hostile value for a whole parameter, already escaped for a query string.</summary>
    private static string RawHostile(string value, Hostile kind) => kind switch
    {
        // UTF-8 cannot carry a lone surrogate; its CESU-style bytes are what a client would send.
        Hostile.Surrogate => Uri.EscapeDataString(value) + "%ED%A0%80",
        Hostile.Nul => Uri.EscapeDataString(value + "\0"),
        Hostile.Control => Uri.EscapeDataString(value + "\u0001"),
        _ => Uri.EscapeDataString(value + new string('a', 10 * 1024)),
    };

    /// <summary>For a JSON parameter: the same JSON with one string field at a time made hostile (as JSON text).</summary>
    private static IEnumerable<(string Field, string Json)> JsonVariants(string value, Hostile kind)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(value);
        }
        catch (JsonException)
        {
            yield break;
        }

        if (root is not (JsonObject or JsonArray))
        {
            yield break;
        }

        const string marker = "@@HOSTILE@@";
        foreach (var (path, leaf) in StringLeaves(root, string.Empty))
        {
            var original = leaf.GetValue<string>();
            var parent = leaf.Parent!;
            var replacement = JsonValue.Create(original + marker);
            Replace(parent, leaf, replacement);
            var json = root.ToJsonString().Replace(marker, kind switch
            {
                Hostile.Surrogate => "\\ud800",
                Hostile.Nul => "\\u0000",
                Hostile.Control => "\\u0001",
                _ => new string('a', 10 * 1024),
            }, StringComparison.Ordinal);
            Replace(parent, replacement, JsonValue.Create(original));
            yield return (path, json);
        }
    }

    private static List<(string Path, JsonValue Leaf)> StringLeaves(JsonNode node, string path)
    {
        var leaves = new List<(string, JsonValue)>();
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj.ToList())
                {
                    leaves.AddRange(child is null ? [] : StringLeaves(child, path + "." + name));
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    leaves.AddRange(array[i] is { } child ? StringLeaves(child, $"{path}[{i}]") : []);
                }

                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                leaves.Add((path, value));
                break;
        }

        return leaves;
    }

    private static void Replace(JsonNode parent, JsonNode old, JsonNode replacement)
    {
        if (parent is JsonObject obj)
        {
            obj[obj.First(p => ReferenceEquals(p.Value, old)).Key] = replacement;
        }
        else if (parent is JsonArray array)
        {
            array[array.IndexOf(old)] = replacement;
        }
    }

    private static string Query(string action, Dictionary<string, string> parameters, string hostileName, string hostileEscaped) =>
        "Action=" + action + "&Version=2017-03-21&" + string.Join('&', parameters.Select(p =>
            Uri.EscapeDataString(p.Key) + "=" + (p.Key == hostileName ? hostileEscaped : Uri.EscapeDataString(p.Value))));

    private static string? JsonCode(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.TryGetProperty("Code", out var code) && document.RootElement.TryGetProperty("RequestId", out _) ? code.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? XmlCode(string text)
    {
        try
        {
            var root = XElement.Parse(text);
            return root.Name.LocalName == "Error" && root.Element("RequestId") is not null ? root.Element("Code")?.Value : null;
        }
        catch (System.Xml.XmlException)
        {
            return null;
        }
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";

    /// <summary>Everything a refused call could have changed: row counts and the rows' changeable fields.</summary>
    private async Task<string> FingerprintAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VodDbContext>();
        var videos = await db.Videos.AsNoTracking().OrderBy(v => v.Id).Select(v => v.Id + ":" + v.Status + ":" + v.Title).ToListAsync(Ct);
        var templates = await db.VodTemplates.AsNoTracking().OrderBy(t => t.Id).Select(t => t.Id + ":" + t.Name + ":" + t.TemplateConfig).ToListAsync(Ct);
        var jobs = await db.SnapshotJobs.AsNoTracking().CountAsync(Ct);
        return $"videos {videos.Count} [{string.Join(", ", videos)}] templates {templates.Count} [{string.Join(", ", templates)}] jobs {jobs}";
    }

    public void Dispose() => _app.Dispose();
}
