using VodSnapshot.Api.Features.Templates;
using VodSnapshot.Tests.TestSupport;

namespace VodSnapshot.Tests.Templates;

/// <summary>Nodes starting together on a new PostgreSQL database: all start, and the templates are seeded once.</summary>
public sealed class TemplateSeedRaceTests
{
    [Fact(Timeout = 90_000)]
    public async Task Three_nodes_starting_at_once_on_a_new_database_seed_the_templates_once()
    {
        TestDatabase.SkipIfUnavailable();
        using var first = TestHost.Create(b => b.On(DatabaseKind.PostgreSql).Set("Jobs:Storage", "InMemory"));
        var settings = first.Database!.Settings(sharedQueues: false).ToList();
        using var second = TestHost.Create(b => b.Set(settings));
        using var third = TestHost.Create(b => b.Set(settings));

        await Task.WhenAll(new[] { first, second, third }.Select(host => Task.Run(() => host.Server, TestContext.Current.CancellationToken)));

        var (status, body) = await third.JsonAsync("ListVodTemplate", ("TemplateType", "Snapshot"));
        Assert.Equal(200, status);
        Assert.Equal(
            TemplateSeeder.Templates.Select(t => t.Id).Order(StringComparer.Ordinal),
            body.GetProperty("VodTemplateInfoList").EnumerateArray().Select(t => t.GetProperty("VodTemplateId").GetString()!).Order(StringComparer.Ordinal));
    }
}
