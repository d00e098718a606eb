using System.Text.Json;
using VodSnapshot.Tests.TestSupport;

namespace VodSnapshot.Tests.Templates;

/// <summary>SetDefaultVodTemplate and SubTemplateType on real SQLite.</summary>
public class SetDefaultVodTemplateTests
{
    private const string Normal = """{"SnapshotType":"NormalSnapshot","SnapshotConfig":{"Count":2}}""";
    private const string Sprite = """{"SnapshotType":"SpriteSnapshot","SnapshotConfig":{"Count":4,"SpriteSnapshotConfig":{"Columns":2,"Lines":2}}}""";

    private static string IsDefault(JsonElement list, string id) =>
        list.GetProperty("VodTemplateInfoList").EnumerateArray().Single(t => t.GetProperty("VodTemplateId").GetString() == id).GetProperty("IsDefault").GetString()!;

    [Fact(Timeout = 30_000)]
    public async Task One_template_per_application_and_type_is_the_default_and_unknown_ids_change_nothing()
    {
        using var host = TestHost.Create(b => b.Set("Templates:Seed", "false"));
        var first = await host.AddTemplateAsync(Normal, "first");
        var second = await host.AddTemplateAsync(Sprite, "second");
        var elsewhere = await host.AddTemplateAsync(Normal, "other app", appId: "app-2");
        Assert.Equal(200, (await host.JsonAsync("SetDefaultVodTemplate", ("VodTemplateId", elsewhere))).Status);

        var (status, body) = await host.JsonAsync("SetDefaultVodTemplate", ("VodTemplateId", first));
        Assert.Equal((200, first), (status, body.GetProperty("VodTemplateId").GetString()));
        Assert.Equal(200, (await host.JsonAsync("SetDefaultVodTemplate", ("VodTemplateId", second))).Status);

        var list = (await host.JsonAsync("ListVodTemplate", ("TemplateType", "Snapshot"))).Body;
        Assert.Equal(("NotDefault", "Default"), (IsDefault(list, first), IsDefault(list, second)));
        Assert.Equal("Default", IsDefault((await host.JsonAsync("ListVodTemplate", ("TemplateType", "Snapshot"), ("AppId", "app-2"))).Body, elsewhere));

        var (missingStatus, missing) = await host.JsonAsync("SetDefaultVodTemplate", ("VodTemplateId", RpcCalls.UnknownVideoId));
        Assert.Equal((404, "NoSuchResource"), (missingStatus, missing.GetProperty("Code").GetString()));
        Assert.Equal((400, "MissingParameter"), ((await host.JsonAsync("SetDefaultVodTemplate")).Status, (await host.JsonAsync("SetDefaultVodTemplate")).Body.GetProperty("Code").GetString()));
        Assert.Equal("Default", IsDefault((await host.JsonAsync("ListVodTemplate", ("TemplateType", "Snapshot"))).Body, second));
    }

    [Fact(Timeout = 30_000)]
    public async Task SubTemplateType_is_accepted_and_answered_as_the_configs_SnapshotType()
    {
        using var host = TestHost.Create(b => b.Set("Templates:Seed", "false"));
        var (status, added) = await host.JsonAsync("AddVodTemplate", ("Name", "legacy"), ("TemplateType", "Snapshot"), ("TemplateConfig", Sprite), ("SubTemplateType", "whatever"));
        Assert.Equal(200, status);
        var id = added.GetProperty("VodTemplateId").GetString()!;

        var info = (await host.JsonAsync("GetVodTemplate", ("VodTemplateId", id))).Body.GetProperty("VodTemplateInfo");
        Assert.Equal("SpriteSnapshot", info.GetProperty("SubTemplateType").GetString());
        Assert.Equal(200, (await host.JsonAsync("UpdateVodTemplate", ("VodTemplateId", id), ("TemplateConfig", Normal), ("SubTemplateType", "x"))).Status);
        var listed = (await host.JsonAsync("ListVodTemplate", ("TemplateType", "Snapshot"))).Body.GetProperty("VodTemplateInfoList")[0];
        Assert.Equal("NormalSnapshot", listed.GetProperty("SubTemplateType").GetString());
    }
}
