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

    /// <summary>
    /// Concurrent submits share commits: a row the unique index refuses must not take the rows committed with it along.
    /// Every caller hears its own JobId, every answered JobId is stored, and the repeated ReferenceId is one job.
    /// </summary>
    [Theory(Timeout = 120_000)]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.PostgreSql)]
    public async Task A_refused_row_in_a_burst_leaves_the_other_submits_stored(DatabaseKind database)
    {
        if (database == DatabaseKind.PostgreSql)
        {
            TestDatabase.SkipIfUnavailable();
        }

        await using var host = await TestHost.StartAsync(b => b.On(database).Set("Covers:Enabled", "false"));
        var video = await host.RegisterAsync(clips.Ramp, ct: Ct);
        var reference = "burst-" + Guid.NewGuid().ToString("N")[..12];
        using var client = host.CreateClient();

        var plain = Enumerable.Range(0, 40).Select(_ => client.SubmitAsync(video, ct: Ct));
        var repeated = Enumerable.Range(0, 8).Select(_ => client.SubmitAsync(video, new Dictionary<string, string> { ["ReferenceId"] = reference }, ct: Ct));
        var answers = await Task.WhenAll(plain.Concat(repeated));

        var distinct = answers.Distinct(StringComparer.Ordinal).ToList();
        Assert.Equal(41, distinct.Count);
        var stored = await host.WithDbAsync(db => db.SnapshotJobs.Where(j => j.VideoId == video).Select(j => j.Id).ToListAsync(Ct));
        Assert.Equal(distinct.Order(StringComparer.Ordinal), stored.Order(StringComparer.Ordinal));
    }
}
