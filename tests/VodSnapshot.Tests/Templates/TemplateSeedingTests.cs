using System.Text.Json;
using Microsoft.Data.Sqlite;
using VodSnapshot.Api.Features.Snapshots;
using VodSnapshot.Api.Features.Templates;
using VodSnapshot.Api.Features.Snapshots.Planning;
using VodSnapshot.Tests.TestSupport;

namespace VodSnapshot.Tests.Templates;

public sealed class TemplateSeedingTests : IDisposable
{
    private readonly string _state = Directory.CreateTempSubdirectory("vodsnapshot-templates-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_state, recursive: true);
        }
        catch (IOException)
        {
            // A database file still held by a pooled connection: it sits in the temp area and goes with it.
        }
    }

    [Trait("Category", "Unit")]
    [Fact]
    public void Every_seeded_config_is_valid_and_one_template_is_the_default()
    {
        foreach (var seed in TemplateSeeder.Templates)
        {
            SnapshotTemplateConfig.Parse(seed.TemplateConfig).CheckLimits(new SnapshotOptions());
        }

        Assert.Single(TemplateSeeder.Templates, t => t.IsDefault);
        Assert.Equal(TemplateSeeder.Templates.Count, TemplateSeeder.Templates.Select(t => t.Id).Distinct().Count());
        Assert.Equal(
            new[] { "NormalSnapshot", "SpriteSnapshot", "WebVttSnapshot" },
            TemplateSeeder.Templates.Select(t => SnapshotTemplateConfig.Parse(t.TemplateConfig).SnapshotType).Order(StringComparer.Ordinal));
    }

    [Fact(Timeout = 60_000)]
    public async Task A_new_database_starts_with_the_seeded_templates()
    {
        using var service = Start();

        var templates = await ListAsync(service);

        Assert.Equal(TemplateSeeder.Templates.Select(t => t.Id).Order(StringComparer.Ordinal), templates.Select(Id).Order(StringComparer.Ordinal));
        Assert.Single(templates, t => t.GetProperty("IsDefault").GetString() == "Default");
        Assert.All(templates, t => Assert.Equal("System", t.GetProperty("Source").GetString()));
        Assert.All(templates, t => Assert.Equal("app-1000000", t.GetProperty("AppId").GetString()));
    }

    [Fact(Timeout = 60_000)]
    public async Task Templates_survive_a_restart_and_deleted_seeds_stay_deleted()
    {
        string custom;
        var deleted = TemplateSeeder.Templates[0].Id;
        using (var first = Start())
        {
            custom = await first.AddTemplateAsync("""{"SnapshotType":"NormalSnapshot","SnapshotConfig":{"Count":"3"}}""", name: "mine");
            Assert.Equal(200, (await first.JsonAsync("DeleteVodTemplate", ("VodTemplateId", deleted))).Status);
        }

        using var second = Start();
        var ids = (await ListAsync(second)).Select(Id).ToList();

        Assert.Contains(custom, ids);
        Assert.DoesNotContain(deleted, ids);
        Assert.Equal(TemplateSeeder.Templates.Count, ids.Count);
        var (status, body) = await second.JsonAsync("GetVodTemplate", ("VodTemplateId", custom));
        Assert.Equal(200, status);
        Assert.Equal("mine", body.GetProperty("VodTemplateInfo").GetProperty("Name").GetString());
    }

    [Fact(Timeout = 60_000)]
    public async Task A_database_that_already_holds_templates_is_not_seeded_and_never_will_be()
    {
        string custom;
        using (var unseeded = Start(seed: false))
        {
            custom = await unseeded.AddTemplateAsync("""{"SnapshotType":"NormalSnapshot","SnapshotConfig":{}}""");
        }

        using (var seeding = Start())
        {
            Assert.Equal(new[] { custom }, (await ListAsync(seeding)).Select(Id));
            await seeding.JsonAsync("DeleteVodTemplate", ("VodTemplateId", custom));
        }

        using var emptied = Start();
        Assert.Empty(await ListAsync(emptied));
    }

    [Fact(Timeout = 60_000)]
    public async Task A_database_from_before_templates_gains_the_template_tables_and_keeps_its_data()
    {
        string videoId;
        using (var first = Start(seed: false))
        {
            videoId = await first.AddVideoAsync();
        }

        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(_state, "vod.db")};Pooling=False"))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var drop = connection.CreateCommand();
            drop.CommandText = "DROP TABLE VodTemplates; DROP TABLE SeedRecords;" + EarlierSchema.ForgetMigrations;
            await drop.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        SqliteConnection.ClearAllPools();
        using var upgraded = Start();

        Assert.Equal(TemplateSeeder.Templates.Count, (await ListAsync(upgraded)).Count);
        Assert.Equal(200, (await upgraded.JsonAsync("GetVideoInfo", ("VideoId", videoId))).Status);
        var templateId = await upgraded.AddTemplateAsync("""{"SnapshotType":"NormalSnapshot","SnapshotConfig":{}}""");
        Assert.Equal(200, (await upgraded.JsonAsync("SubmitSnapshotJob", ("VideoId", videoId), ("SnapshotTemplateId", templateId))).Status);
    }

    private TestHost Start(bool seed = true) => TestHost.Create(b => b.Set("Storage:Root", _state).Set("Templates:Seed", seed ? "true" : "false"));

    private static async Task<List<JsonElement>> ListAsync(TestHost service)
    {
        var (status, body) = await service.JsonAsync("ListVodTemplate", ("TemplateType", "Snapshot"));
        Assert.Equal(200, status);
        return [.. body.GetProperty("VodTemplateInfoList").EnumerateArray()];
    }

    private static string Id(JsonElement template) => template.GetProperty("VodTemplateId").GetString()!;
}
