using Microsoft.EntityFrameworkCore;
using VodSnapshot.Tests.TestSupport;

namespace VodSnapshot.Tests.Api;

/// <summary>Submits of one ReferenceId at the same moment store one job, and every caller hears its JobId (the unique index decides).</summary>
public sealed class ReferenceIdRaceTests(TestClips clips) : IClassFixture<TestClips>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory(Timeout = 120_000)]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.PostgreSql)]
    public async Task Simultaneous_submits_of_one_ReferenceId_store_one_job(DatabaseKind database)
    {
        if (database == DatabaseKind.PostgreSql)
        {
            TestDatabase.SkipIfUnavailable();
        }

        await using var host = await TestHost.StartAsync(b => b.On(database));
        var video = await host.RegisterAsync(clips.Ramp, ct: Ct);
        var reference = "race-" + Guid.NewGuid().ToString("N")[..12];
        using var client = host.CreateClient();

        var answers = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ =>
            client.SubmitAsync(video, new Dictionary<string, string> { ["ReferenceId"] = reference }, ct: Ct)));

        Assert.Single(answers.Distinct(StringComparer.Ordinal));
        var stored = await host.WithDbAsync(db => db.SnapshotJobs.CountAsync(j => j.ReferenceId == reference, Ct));
        Assert.Equal(1, stored);
    }
}
