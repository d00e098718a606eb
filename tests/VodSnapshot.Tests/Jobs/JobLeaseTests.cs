using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VodSnapshot.Api.Features.Snapshots;
using VodSnapshot.Api.Hosting;
using VodSnapshot.Api.Persistence;
using VodSnapshot.Tests.TestSupport;

namespace VodSnapshot.Tests.Jobs;

/// <summary>
/// One run at a time, on each database: the claim is atomic, a live lease keeps other runs out, an expired one lets
/// the next run in, and a run that lost its lease writes nothing; the sweeper queues an expired job again exactly once.
/// </summary>
public sealed class JobLeaseTests
{
    private static readonly DateTimeOffset Start = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory(Timeout = 60_000)]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.PostgreSql)]
    public async Task A_live_lease_keeps_other_runs_out_and_a_run_that_lost_it_writes_nothing(DatabaseKind database)
    {
        if (database == DatabaseKind.PostgreSql)
        {
            TestDatabase.SkipIfUnavailable();
        }

        using var host = TestHost.Create(b => b.WithFakeClock(Start).On(database).Set("Jobs:LeaseDuration", "00:00:30").Set("Jobs:SweepInterval", "01:00:00"));
        _ = host.Server;
        var leases = host.Services.GetRequiredService<JobLeases>();
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VodDbContext>();
        var jobId = await AddJobAsync(db);
        var first = leases.NewRun();
        var second = leases.NewRun();

        Assert.True(await leases.TryClaimAsync(db, jobId, first.Id, Ct));
        Assert.False(await leases.TryClaimAsync(db, jobId, second.Id, Ct));
        host.Clock.Advance(TimeSpan.FromSeconds(31));
        Assert.True(await leases.TryClaimAsync(db, jobId, second.Id, Ct));

        var lostWrote = await JobLeases.WriteAsHolderAsync(db, jobId, first.Id, () => throw new InvalidOperationException("a run without its lease must not get here"));
        var holderWrote = await JobLeases.WriteAsHolderAsync(db, jobId, second.Id, async () =>
        {
            var job = await db.SnapshotJobs.SingleAsync(j => j.Id == jobId, Ct);
            job.Status = SnapshotJobStatus.Succeeded;
            await db.SaveChangesAsync(Ct);
        });

        Assert.False(lostWrote);
        Assert.True(holderWrote);
        db.ChangeTracker.Clear();
        var final = await db.SnapshotJobs.AsNoTracking().SingleAsync(j => j.Id == jobId, Ct);
        Assert.Equal((SnapshotJobStatus.Succeeded, 2, (string?)null), (final.Status, final.Attempts, final.LeaseOwner));
        host.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.False(await leases.TryClaimAsync(db, jobId, leases.NewRun().Id, Ct));
    }

    [Theory(Timeout = 60_000)]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.PostgreSql)]
    public async Task The_sweeper_queues_a_job_whose_lease_expired_once_and_leaves_live_ones_alone(DatabaseKind database)
    {
        if (database == DatabaseKind.PostgreSql)
        {
            TestDatabase.SkipIfUnavailable();
        }

        var queued = new RecordingJobClient();
        using var host = TestHost.Create(b => b.WithFakeClock(Start).On(database).Set("Jobs:LeaseDuration", "00:00:30").Set("Jobs:SweepInterval", "01:00:00")
            .Replace<IBackgroundJobClient>(queued));
        _ = host.Server;
        var leases = host.Services.GetRequiredService<JobLeases>();
        var sweeper = host.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<QueueRecovery>().Single();
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VodDbContext>();
        var dead = await AddJobAsync(db);
        var live = await AddJobAsync(db);
        Assert.True(await leases.TryClaimAsync(db, dead, "gone-node/1", Ct));
        host.Clock.Advance(TimeSpan.FromSeconds(20));
        Assert.True(await leases.TryClaimAsync(db, live, "live-node/1", Ct));
        host.Clock.Advance(TimeSpan.FromSeconds(11));

        var taken = await sweeper.SweepExpiredAsync(Ct);
        var again = await sweeper.SweepExpiredAsync(Ct);

        Assert.Equal((1, 0), (taken, again));
        Assert.Equal([dead], queued.JobIds);
        var rows = await db.SnapshotJobs.AsNoTracking().ToDictionaryAsync(j => j.Id, j => j.LeaseOwner, Ct);
        Assert.Equal(JobLeases.Requeued, rows[dead]);
        Assert.Equal("live-node/1", rows[live]);
    }

    [Theory(Timeout = 60_000)]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.PostgreSql)]
    public async Task A_job_whose_node_died_before_queuing_it_is_queued_by_the_sweeper_and_a_queued_one_is_not(DatabaseKind database)
    {
        if (database == DatabaseKind.PostgreSql)
        {
            TestDatabase.SkipIfUnavailable();
        }

        var queued = new RecordingJobClient();
        using var host = TestHost.Create(b => b.WithFakeClock(Start).On(database).Set("Jobs:LeaseDuration", "00:00:30").Set("Jobs:SweepInterval", "01:00:00")
            .Replace<IBackgroundJobClient>(queued));
        _ = host.Server;
        var leases = host.Services.GetRequiredService<JobLeases>();
        var sweeper = host.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<QueueRecovery>().Single();
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VodDbContext>();
        // Saved as SubmitSnapshotJob and the cover snapshots save a job; the first node dies before queuing it.
        var orphan = await AddJobAsync(db, leases.StageUnqueued);
        var inQueue = await AddJobAsync(db, leases.StageUnqueued);
        await leases.EnqueueAsync(queued, inQueue);
        // A worker may claim a job before its node has cleared the mark: the claim stands.
        var early = await AddJobAsync(db, leases.StageUnqueued);
        Assert.True(await leases.TryClaimAsync(db, early, "fast-worker/1", Ct));
        await leases.EnqueueAsync(queued, early);

        var beforeExpiry = await sweeper.SweepExpiredAsync(Ct);
        host.Clock.Advance(TimeSpan.FromSeconds(20));
        Assert.False(await leases.TryClaimAsync(db, early, "fast-worker/2", Ct));
        Assert.Equal("fast-worker/1", await db.SnapshotJobs.Where(j => j.Id == early).Select(j => j.LeaseOwner).SingleAsync(Ct));
        // That run ends (its lease is not what is tested here).
        await db.SnapshotJobs.Where(j => j.Id == early).ExecuteUpdateAsync(u => u.SetProperty(j => j.Status, SnapshotJobStatus.Succeeded), Ct);
        host.Clock.Advance(TimeSpan.FromSeconds(11));
        var taken = await sweeper.SweepExpiredAsync(Ct);

        Assert.Equal((0, 1), (beforeExpiry, taken));
        // The job in the queue (waiting, not claimed) is not queued again; the orphan is, once.
        Assert.Equal([inQueue, early, orphan], queued.JobIds);
        var rows = await db.SnapshotJobs.AsNoTracking().ToDictionaryAsync(j => j.Id, j => j.LeaseOwner, Ct);
        Assert.Equal((JobLeases.Requeued, (string?)null), (rows[orphan], rows[inQueue]));
        Assert.True(await leases.TryClaimAsync(db, orphan, "next-node/1", Ct));
    }

    /// <summary>Records the jobs queued instead of running them.</summary>
    private sealed class RecordingJobClient : IBackgroundJobClient
    {
        private readonly List<string> _jobIds = [];

        public IReadOnlyList<string> JobIds
        {
            get
            {
                lock (_jobIds)
                {
                    return [.. _jobIds];
                }
            }
        }

        public string Create(Hangfire.Common.Job job, Hangfire.States.IState state)
        {
            ArgumentNullException.ThrowIfNull(job);
            lock (_jobIds)
            {
                _jobIds.Add((string)job.Args[0]);
                return _jobIds.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        public bool ChangeState(string jobId, Hangfire.States.IState state, string expectedState) => false;
    }

    /// <summary>A job row on a video row, as SubmitSnapshotJob leaves them; its spec is never read here.</summary>
    private static async Task<string> AddJobAsync(VodDbContext db, Action<SnapshotJob>? stage = null)
    {
        var videoId = Guid.NewGuid().ToString("N");
        db.Videos.Add(new Video { Id = videoId, FileUrl = "file:///leases/" + videoId, SourcePath = "/leases/" + videoId, Title = "lease", Status = "Normal", CreationTime = Start, ModificationTime = Start });
        var jobId = Guid.NewGuid().ToString("N");
        var job = new SnapshotJob { Id = jobId, VideoId = videoId, Spec = "{}", PublicBaseUrl = "http://127.0.0.1", Status = SnapshotJobStatus.Submitted, CreationTime = Start };
        stage?.Invoke(job);
        db.SnapshotJobs.Add(job);
        await db.SaveChangesAsync(Ct);
        db.ChangeTracker.Clear();
        return jobId;
    }
}
