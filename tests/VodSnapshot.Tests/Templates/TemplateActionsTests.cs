using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using VodSnapshot.Tests.TestSupport;

namespace VodSnapshot.Tests.Templates;

public class TemplateActionsTests : IClassFixture<TemplateActionsTests.Service>
{
    public sealed class Service() : TestHost(b => b.WithFakeClock(Start).Set("Templates:Seed", "false"))
    {
        public static readonly DateTimeOffset Start = new(2024, 5, 6, 7, 8, 9, 500, TimeSpan.Zero);
    }

    private const string SpriteConfig =
        """{"SnapshotType":"SpriteSnapshot", "SnapshotConfig":{"FrameType":"normal","Count":"50","Interval":"1","SpriteSnapshotConfig":{"CellWidth":"120","Columns":"5","Lines":"2"}}}""";

    private const string NormalConfig = """{"SnapshotType":"NormalSnapshot","SnapshotConfig":{"Count":50,"Interval":0,"Width":640}}""";

    private readonly Service _service;
    private readonly FakeTimeProvider _clock;

    public TemplateActionsTests(Service service)
    {
        _service = service;
        _clock = service.Clock;
    }

    [Fact(Timeout = 60_000)]
    public async Task AddVodTemplate_answers_an_id_and_GetVodTemplate_the_template_with_its_config_as_a_json_string()
    {
        var (status, added) = await _service.JsonAsync("AddVodTemplate", ("Name", "Seek previews"), ("TemplateType", "Snapshot"), ("TemplateConfig", SpriteConfig));
        Assert.Equal(200, status);
        var id = added.GetProperty("VodTemplateId").GetString()!;
        Assert.Matches("^[0-9a-f]{32}$", id);
        Assert.False(string.IsNullOrEmpty(added.GetProperty("RequestId").GetString()));

        var (getStatus, body) = await _service.JsonAsync("GetVodTemplate", ("VodTemplateId", id));

        Assert.Equal(200, getStatus);
        var info = body.GetProperty("VodTemplateInfo");
        Assert.Equal("Seek previews", info.GetProperty("Name").GetString());
        Assert.Equal(id, info.GetProperty("VodTemplateId").GetString());
        Assert.Equal("Snapshot", info.GetProperty("TemplateType").GetString());
        Assert.Equal("NotDefault", info.GetProperty("IsDefault").GetString());
        Assert.Equal(JsonValueKind.String, info.GetProperty("TemplateConfig").ValueKind);
        Assert.Equal(SpriteConfig, info.GetProperty("TemplateConfig").GetString());
        Assert.Equal("app-1000000", info.GetProperty("AppId").GetString());
        Assert.Equal("Custom", info.GetProperty("Source").GetString());
        Assert.Matches("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$", info.GetProperty("CreationTime").GetString());
        Assert.Equal(info.GetProperty("CreationTime").GetString(), info.GetProperty("ModifyTime").GetString());
    }

    [Fact(Timeout = 60_000)]
    public async Task AddVodTemplate_and_GetVodTemplate_answer_in_xml()
    {
        var (status, added) = await _service.XmlAsync("AddVodTemplate", ("Name", "xml"), ("TemplateType", "Snapshot"), ("TemplateConfig", NormalConfig), ("AppId", "xml-app"));
        Assert.Equal(200, status);
        Assert.Equal("AddVodTemplateResponse", added.Name.LocalName);
        var id = added.Element("VodTemplateId")!.Value;

        var (getStatus, body) = await _service.XmlAsync("GetVodTemplate", ("VodTemplateId", id));

        Assert.Equal(200, getStatus);
        Assert.Equal("GetVodTemplateResponse", body.Name.LocalName);
        var info = body.Element("VodTemplateInfo")!;
        Assert.Equal(id, info.Element("VodTemplateId")!.Value);
        Assert.Equal(NormalConfig, info.Element("TemplateConfig")!.Value);
        Assert.Equal("xml-app", info.Element("AppId")!.Value);
        Assert.Equal("NotDefault", info.Element("IsDefault")!.Value);
    }

    [Fact(Timeout = 60_000)]
    public async Task Times_are_utc_to_the_second_and_an_update_moves_only_ModifyTime()
    {
        var id = await _service.AddTemplateAsync(NormalConfig);
        var created = (await _service.JsonAsync("GetVodTemplate", ("VodTemplateId", id))).Body.GetProperty("VodTemplateInfo").GetProperty("CreationTime").GetString()!;
        _clock.Advance(TimeSpan.FromHours(1));

        await _service.JsonAsync("UpdateVodTemplate", ("VodTemplateId", id), ("Name", "renamed"));
        var info = (await _service.JsonAsync("GetVodTemplate", ("VodTemplateId", id))).Body.GetProperty("VodTemplateInfo");

        var creation = DateTimeOffset.Parse(created, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(created, info.GetProperty("CreationTime").GetString());
        Assert.Equal(creation.AddHours(1).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture), info.GetProperty("ModifyTime").GetString());
    }

    [Fact(Timeout = 60_000)]
    public async Task Config_values_may_be_numbers_or_strings()
    {
        var (numbers, _) = await _service.JsonAsync("AddVodTemplate", ("Name", "n"), ("TemplateType", "Snapshot"), ("TemplateConfig", """{"SnapshotType":"NormalSnapshot","SnapshotConfig":{"Count":50}}"""));
        var (strings, _) = await _service.JsonAsync("AddVodTemplate", ("Name", "s"), ("TemplateType", "Snapshot"), ("TemplateConfig", """{"SnapshotType":"NormalSnapshot","SnapshotConfig":{"Count":"50"}}"""));

        Assert.Equal(200, numbers);
        Assert.Equal(200, strings);
    }

    [Theory(Timeout = 60_000)]
    [InlineData(null, "Snapshot", NormalConfig, null, "MissingParameter", "Name")]
    [InlineData("t", null, NormalConfig, null, "MissingParameter", "TemplateType")]
    [InlineData("t", "Snapshot", null, null, "MissingParameter", "TemplateConfig")]
    [InlineData("t", "DynamicImage", NormalConfig, null, "InvalidParameter", "TemplateType")]
    [InlineData("t", "Snapshot", NormalConfig, "app 1", "InvalidParameter", "AppId")]
    [InlineData("t", "Snapshot", "{\"SnapshotType\":", null, "InvalidParameter", "TemplateConfig")]
    [InlineData("t", "Snapshot", """{"SnapshotType":"GifSnapshot","SnapshotConfig":{}}""", null, "InvalidParameter", "TemplateConfig.SnapshotType")]
    [InlineData("t", "Snapshot", """{"SnapshotType":"NormalSnapshot","SnapshotConfig":{"FrameType":"keyframe"}}""", null, "InvalidParameter", "TemplateConfig.SnapshotConfig.FrameType")]
    [InlineData("t", "Snapshot", """{"SnapshotType":"NormalSnapshot","SnapshotConfig":{"Count":"0"}}""", null, "InvalidParameter", "TemplateConfig.SnapshotConfig.Count")]
    [InlineData("t", "Snapshot", """{"SnapshotType":"NormalSnapshot","SnapshotConfig":{"Width":"5000"}}""", null, "InvalidParameter", "TemplateConfig.SnapshotConfig.Width")]
    [InlineData("t", "Snapshot", """{"SnapshotType":"SpriteSnapshot","SnapshotConfig":{"SpriteSnapshotConfig":{"Lines":"0"}}}""", null, "InvalidParameter", "TemplateConfig.SnapshotConfig.SpriteSnapshotConfig")]
    [InlineData("t", "Snapshot", """{"SnapshotType":"SpriteSnapshot","SnapshotConfig":{"SpriteSnapshotConfig":{"CellWidth":4096,"Columns":5}}}""", null, "InvalidParameter", "TemplateConfig.SnapshotConfig.SpriteSnapshotConfig")]
    [InlineData("t", "Snapshot", """{"SnapshotType":"WebVttSnapshot","SnapshotConfig":{"SubOut":{"IsSptFrag":"yes"}}}""", null, "InvalidParameter", "TemplateConfig.SnapshotConfig.SubOut.IsSptFrag")]
    public async Task AddVodTemplate_refuses_bad_parameters_naming_them_and_stores_nothing(string? name, string? type, string? config, string? appId, string code, string field)
    {
        var parameters = new List<(string, string)> { ("AppId", appId ?? "refused-app") };
        if (name is not null)
        {
            parameters.Add(("Name", name));
        }

        if (type is not null)
        {
            parameters.Add(("TemplateType", type));
        }

        if (config is not null)
        {
            parameters.Add(("TemplateConfig", config));
        }

        var (status, body) = await _service.JsonAsync("AddVodTemplate", [.. parameters]);

        Assert.Equal(400, status);
        Assert.Equal(code, body.GetProperty("Code").GetString());
        Assert.Contains($"\"{field}\"", body.GetProperty("Message").GetString(), StringComparison.Ordinal);
        var (_, list) = await _service.JsonAsync("ListVodTemplate", ("TemplateType", "Snapshot"), ("AppId", "refused-app"));
        Assert.Equal(0, list.GetProperty("VodTemplateInfoList").GetArrayLength());
    }

    [Fact(Timeout = 60_000)]
    public async Task AddVodTemplate_refuses_in_xml_with_the_field_named()
    {
        var (status, body) = await _service.XmlAsync("AddVodTemplate", ("Name", "x"), ("TemplateType", "Snapshot"),
            ("TemplateConfig", """{"SnapshotType":"NormalSnapshot","SnapshotConfig":{"FrameType":"keyframe"}}"""));

        Assert.Equal(400, status);
        Assert.Equal("Error", body.Name.LocalName);
        Assert.Equal("InvalidParameter", body.Element("Code")!.Value);
        Assert.StartsWith("The specified parameter \"TemplateConfig.SnapshotConfig.FrameType\" is not valid.", body.Element("Message")!.Value, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task Names_may_take_128_bytes_of_utf8_and_no_more()
    {
        var fits = new string('é', 64);
        var (accepted, _) = await _service.JsonAsync("AddVodTemplate", ("Name", fits), ("TemplateType", "Snapshot"), ("TemplateConfig", NormalConfig));
        var (refused, body) = await _service.JsonAsync("AddVodTemplate", ("Name", fits + "a"), ("TemplateType", "Snapshot"), ("TemplateConfig", NormalConfig));

        Assert.Equal(200, accepted);
        Assert.Equal(400, refused);
        Assert.StartsWith("The specified parameter \"Name\" is not valid.", body.GetProperty("Message").GetString(), StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task UpdateVodTemplate_changes_the_name_or_the_whole_config()
    {
        var id = await _service.AddTemplateAsync(NormalConfig, name: "before");

        var (renamed, answer) = await _service.JsonAsync("UpdateVodTemplate", ("VodTemplateId", id), ("Name", "after"));
        Assert.Equal(200, renamed);
        Assert.Equal(id, answer.GetProperty("VodTemplateId").GetString());
        var info = (await _service.JsonAsync("GetVodTemplate", ("VodTemplateId", id))).Body.GetProperty("VodTemplateInfo");
        Assert.Equal("after", info.GetProperty("Name").GetString());
        Assert.Equal(NormalConfig, info.GetProperty("TemplateConfig").GetString());

        var (reconfigured, _) = await _service.JsonAsync("UpdateVodTemplate", ("VodTemplateId", id), ("TemplateConfig", SpriteConfig));
        Assert.Equal(200, reconfigured);
        info = (await _service.JsonAsync("GetVodTemplate", ("VodTemplateId", id))).Body.GetProperty("VodTemplateInfo");
        Assert.Equal("after", info.GetProperty("Name").GetString());
        Assert.Equal(SpriteConfig, info.GetProperty("TemplateConfig").GetString());
    }

    [Fact(Timeout = 60_000)]
    public async Task UpdateVodTemplate_answers_in_xml()
    {
        var id = await _service.AddTemplateAsync(NormalConfig);

        var (status, body) = await _service.XmlAsync("UpdateVodTemplate", ("VodTemplateId", id), ("Name", "xml"));

        Assert.Equal(200, status);
        Assert.Equal("UpdateVodTemplateResponse", body.Name.LocalName);
        Assert.Equal(id, body.Element("VodTemplateId")!.Value);
    }

    [Fact(Timeout = 60_000)]
    public async Task UpdateVodTemplate_with_a_bad_config_changes_nothing()
    {
        var id = await _service.AddTemplateAsync(NormalConfig, name: "kept");

        var (status, body) = await _service.JsonAsync("UpdateVodTemplate", ("VodTemplateId", id), ("Name", "lost"),
            ("TemplateConfig", """{"SnapshotType":"NormalSnapshot","SnapshotConfig":{"Interval":"-1"}}"""));

        Assert.Equal(400, status);
        Assert.StartsWith("The specified parameter \"TemplateConfig.SnapshotConfig.Interval\" is not valid.", body.GetProperty("Message").GetString(), StringComparison.Ordinal);
        var info = (await _service.JsonAsync("GetVodTemplate", ("VodTemplateId", id))).Body.GetProperty("VodTemplateInfo");
        Assert.Equal("kept", info.GetProperty("Name").GetString());
        Assert.Equal(NormalConfig, info.GetProperty("TemplateConfig").GetString());
    }

    [Fact(Timeout = 60_000)]
    public async Task UpdateVodTemplate_without_changes_answers_the_id_and_changes_nothing()
    {
        var id = await _service.AddTemplateAsync(NormalConfig);
        var before = (await _service.JsonAsync("GetVodTemplate", ("VodTemplateId", id))).Body.GetProperty("VodTemplateInfo").GetRawText();
        _clock.Advance(TimeSpan.FromMinutes(5));

        var (status, _) = await _service.JsonAsync("UpdateVodTemplate", ("VodTemplateId", id));

        Assert.Equal(200, status);
        Assert.Equal(before, (await _service.JsonAsync("GetVodTemplate", ("VodTemplateId", id))).Body.GetProperty("VodTemplateInfo").GetRawText());
    }

    [Theory(Timeout = 60_000)]
    [InlineData("GetVodTemplate")]
    [InlineData("UpdateVodTemplate")]
    [InlineData("DeleteVodTemplate")]
    public async Task Unknown_template_ids_answer_NoSuchResource_naming_the_template(string action)
    {
        const string unknown = "0123456789abcdef0123456789abcdef";

        var (status, body) = await _service.JsonAsync(action, ("VodTemplateId", unknown), ("Name", "x"));
        var (xmlStatus, xml) = await _service.XmlAsync(action, ("VodTemplateId", "not-an-id"), ("Name", "x"));

        Assert.Equal(404, status);
        Assert.Equal("NoSuchResource", body.GetProperty("Code").GetString());
        Assert.Equal($"The specified resource VodTemplateId {unknown} does not exist.", body.GetProperty("Message").GetString());
        Assert.Equal(404, xmlStatus);
        Assert.Equal("NoSuchResource", xml.Element("Code")!.Value);
        Assert.Contains("not-an-id", xml.Element("Message")!.Value, StringComparison.Ordinal);
    }

    [Theory(Timeout = 60_000)]
    [InlineData("GetVodTemplate")]
    [InlineData("UpdateVodTemplate")]
    [InlineData("DeleteVodTemplate")]
    public async Task Template_actions_require_VodTemplateId(string action)
    {
        var (status, body) = await _service.JsonAsync(action);

        Assert.Equal(400, status);
        Assert.Equal("MissingParameter", body.GetProperty("Code").GetString());
        Assert.Contains("\"VodTemplateId\"", body.GetProperty("Message").GetString(), StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task ListVodTemplate_answers_a_plain_array_of_one_application_oldest_first()
    {
        var first = await _service.AddTemplateAsync(NormalConfig, name: "first", appId: "list-app");
        _clock.Advance(TimeSpan.FromSeconds(1));
        var second = await _service.AddTemplateAsync(SpriteConfig, name: "second", appId: "list-app");

        var (status, body) = await _service.JsonAsync("ListVodTemplate", ("TemplateType", "Snapshot"), ("AppId", "list-app"));

        Assert.Equal(200, status);
        var list = body.GetProperty("VodTemplateInfoList");
        Assert.Equal(JsonValueKind.Array, list.ValueKind);
        Assert.Equal(new[] { first, second }, list.EnumerateArray().Select(t => t.GetProperty("VodTemplateId").GetString()!));
        Assert.Equal(SpriteConfig, list[1].GetProperty("TemplateConfig").GetString());
        foreach (var field in new[] { "AppId", "CreationTime", "IsDefault", "ModifyTime", "Name", "TemplateConfig", "TemplateType", "VodTemplateId" })
        {
            Assert.True(list[0].TryGetProperty(field, out _), field);
        }

        var (_, defaultApp) = await _service.JsonAsync("ListVodTemplate", ("TemplateType", "Snapshot"));
        Assert.DoesNotContain(defaultApp.GetProperty("VodTemplateInfoList").EnumerateArray(), t => t.GetProperty("VodTemplateId").GetString() == first);
    }

    [Fact(Timeout = 60_000)]
    public async Task ListVodTemplate_repeats_its_element_per_template_in_xml()
    {
        await _service.AddTemplateAsync(NormalConfig, appId: "xml-list-app");
        await _service.AddTemplateAsync(NormalConfig, appId: "xml-list-app");

        var (status, body) = await _service.XmlAsync("ListVodTemplate", ("TemplateType", "Snapshot"), ("AppId", "xml-list-app"));
        var (_, empty) = await _service.XmlAsync("ListVodTemplate", ("TemplateType", "Snapshot"), ("AppId", "no-such-app"));

        Assert.Equal(200, status);
        Assert.Equal("ListVodTemplateResponse", body.Name.LocalName);
        Assert.Equal(2, body.Elements("VodTemplateInfoList").Count());
        Assert.All(body.Elements("VodTemplateInfoList"), t => Assert.Equal(NormalConfig, t.Element("TemplateConfig")!.Value));
        Assert.Empty(empty.Elements("VodTemplateInfoList"));
    }

    [Fact(Timeout = 60_000)]
    public async Task ListVodTemplate_of_an_application_without_templates_is_an_empty_array()
    {
        var (status, body) = await _service.JsonAsync("ListVodTemplate", ("TemplateType", "Snapshot"), ("AppId", "empty-app"));

        Assert.Equal(200, status);
        Assert.Equal(0, body.GetProperty("VodTemplateInfoList").GetArrayLength());
    }

    [Theory(Timeout = 60_000)]
    [InlineData(null, "MissingParameter")]
    [InlineData("DynamicImage", "InvalidParameter")]
    public async Task ListVodTemplate_needs_TemplateType_Snapshot(string? type, string code)
    {
        var (status, body) = type is null
            ? await _service.XmlAsync("ListVodTemplate")
            : await _service.XmlAsync("ListVodTemplate", ("TemplateType", type));

        Assert.Equal(400, status);
        Assert.Equal(code, body.Element("Code")!.Value);
        Assert.Contains("\"TemplateType\"", body.Element("Message")!.Value, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task DeleteVodTemplate_removes_the_template()
    {
        var id = await _service.AddTemplateAsync(NormalConfig);

        var (status, body) = await _service.JsonAsync("DeleteVodTemplate", ("VodTemplateId", id));

        Assert.Equal(200, status);
        Assert.Equal(id, body.GetProperty("VodTemplateId").GetString());
        Assert.Equal(404, (await _service.JsonAsync("GetVodTemplate", ("VodTemplateId", id))).Status);
        Assert.Equal(404, (await _service.JsonAsync("DeleteVodTemplate", ("VodTemplateId", id))).Status);
    }

    [Fact(Timeout = 60_000)]
    public async Task DeleteVodTemplate_answers_in_xml()
    {
        var id = await _service.AddTemplateAsync(NormalConfig);

        var (status, body) = await _service.XmlAsync("DeleteVodTemplate", ("VodTemplateId", id));

        Assert.Equal(200, status);
        Assert.Equal("DeleteVodTemplateResponse", body.Name.LocalName);
        Assert.Equal(id, body.Element("VodTemplateId")!.Value);
        Assert.Equal("NoSuchResource", (await _service.XmlAsync("GetVodTemplate", ("VodTemplateId", id))).Body.Element("Code")!.Value);
    }
}
