using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VodSnapshot.Api.Features.Callbacks;
using VodSnapshot.Api.Features.Snapshots;
using VodSnapshot.Api.Persistence;
using VodSnapshot.Tests.TestSupport;

namespace VodSnapshot.Tests.Callbacks;

/// <summary>
/// One round of a delivery at a time, on each database: a staged delivery is claimable at once, a live round keeps
/// others out, a round's writes fail once it lost the lease, and a sweep takes an expired delivery exactly once.
/// </summary>
public sealed class DeliveryLeaseTests
{
    private static readonly DateTimeOffset Start = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory(Timeout = 60_000)]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.PostgreSql)]
    public async Task A_live_round_keeps_other_rounds_out_and_an_expired_one_is_swept_once(DatabaseKind database)
    {
        if (database == DatabaseKind.PostgreSql)
        {
            TestDatabase.SkipIfUnavailable();
        }

        using var host = TestHost.Create(b => b.WithFakeClock(Start).On(database).Set("Jobs:LeaseDuration", "00:00:30").Set("Jobs:SweepInterval", "01:00:00"));
        _ = host.Server;
        var leases = host.Services.GetRequiredService<DeliveryLeases>();
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VodDbContext>();
        var deliveryId = await AddDeliveryAsync(db, leases);
        var (first, second) = (leases.NewRound(), leases.NewRound());

        Assert.True(await leases.TryClaimAsync(db, deliveryId, first, Ct));
        Assert.False(await leases.TryClaimAsync(db, deliveryId, second, Ct));
        Assert.Empty(await leases.TakeExpiredAsync(db, Ct));
        var stale = await db.CallbackDeliveries.SingleAsync(d => d.Id == deliveryId, Ct);
        host.Clock.Advance(TimeSpan.FromSeconds(31));

        var swept = await leases.TakeExpiredAsync(db, Ct);
        var again = await leases.TakeExpiredAsync(db, Ct);
        Assert.Equal((deliveryId, 0), (Assert.Single(swept), again.Count));
        Assert.True(await leases.TryClaimAsync(db, deliveryId, second, Ct));

        // The first round's write, guarded by its lease, is refused: the second round owns the delivery now.
        stale.AttemptCount++;
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => db.SaveChangesAsync(Ct));
        db.ChangeTracker.Clear();
        var row = await db.CallbackDeliveries.AsNoTracking().SingleAsync(d => d.Id == deliveryId, Ct);
        Assert.Equal((second, 0), (row.LeaseOwner, row.AttemptCount));
    }

    /// <summary>A pending delivery of a final job, staged as the runner stages it.</summary>
    private static async Task<string> AddDeliveryAsync(VodDbContext db, DeliveryLeases leases)
    {
        var videoId = Guid.NewGuid().ToString("N");
        db.Videos.Add(new Video { Id = videoId, FileUrl = "file:///leases/" + videoId, SourcePath = "/leases/" + videoId, Title = "lease", Status = "Normal", CreationTime = Start, ModificationTime = Start });
        var jobId = Guid.NewGuid().ToString("N");
        db.SnapshotJobs.Add(new SnapshotJob { Id = jobId, VideoId = videoId, Spec = "{}", PublicBaseUrl = "http://127.0.0.1", Status = SnapshotJobStatus.Succeeded, CreationTime = Start });
        var delivery = new CallbackDelivery { Id = Guid.NewGuid().ToString("N"), JobId = jobId, EventId = Guid.NewGuid().ToString("N"), Url = "http://127.0.0.1:9/cb", Body = "{}", CreationTime = Start };
        leases.Stage(delivery);
        db.CallbackDeliveries.Add(delivery);
        await db.SaveChangesAsync(Ct);
        db.ChangeTracker.Clear();
        Assert.Equal(JobLeases.Requeued, delivery.LeaseOwner);
        return delivery.Id;
    }
}
