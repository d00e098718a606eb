using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using VodSnapshot.Api.Features.Snapshots;
using VodSnapshot.Api.Hosting;
using VodSnapshot.Api.Persistence;

namespace VodSnapshot.Api.Features.Callbacks;

/// <summary>
/// Who may run a round of a callback delivery right now, on any node: a round claims its pending delivery with one
/// guarded update (its id and an expiry), renews the lease while it runs, and every write of the round is guarded by
/// it (the lease owner is the row's concurrency token), so two rounds of one delivery never run at once. A delivery is
/// staged (and redelivered) unheld but with an expiry: if no round claims it by then (its node died first), the
/// sweeper of any node starts one, and so does it for a round whose node died. The EventId stays the row's.
/// </summary>
public sealed class DeliveryLeases(IServiceScopeFactory scopes, IOptions<JobsOptions> jobs, IOptions<ClusterOptions> cluster, TimeProvider clock)
{
    public TimeSpan Duration => jobs.Value.LeaseDuration;

    /// <summary>A new round's lease id: the node's name and a random part.</summary>
    public string NewRound() => $"{cluster.Value.NodeName}/{Guid.NewGuid():N}";

    /// <summary>Marks a new or redelivered pending delivery as claimable by any round, and swept again if none starts in time.</summary>
    public void Stage(CallbackDelivery delivery)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        delivery.LeaseOwner = JobLeases.Requeued;
        delivery.LeaseExpiresAt = clock.GetUtcNow() + Duration;
    }

    /// <summary>Until when a redelivered delivery waits for its round before a sweep starts one.</summary>
    public DateTimeOffset? StagedUntil() => clock.GetUtcNow() + Duration;

    /// <summary>Claims a pending delivery for <paramref name="round"/>; false when it is not pending or another live round holds it.</summary>
    public async Task<bool> TryClaimAsync(VodDbContext db, string deliveryId, string round, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var now = clock.GetUtcNow();
        DateTimeOffset? until = now + Duration;
        return await db.CallbackDeliveries
            .Where(d => d.Id == deliveryId && d.Status == CallbackDeliveryStatus.Pending
                && (d.LeaseOwner == null || d.LeaseOwner == JobLeases.Requeued || d.LeaseExpiresAt < now))
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.LeaseOwner, round).SetProperty(d => d.LeaseExpiresAt, until), ct) == 1;
    }

    /// <summary>Renews the lease of <paramref name="round"/> until disposed; its token is cancelled when the lease is lost.</summary>
    public LeaseKeeper Keep(string deliveryId, string round, CancellationToken outer) => new(Duration, clock, ct => RenewAsync(deliveryId, round, ct), outer);

    /// <summary>Ends the lease of a round that is done with the delivery (delivered or given up): saved with the round's last write.</summary>
    public static void End(CallbackDelivery delivery)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        delivery.LeaseOwner = null;
        delivery.LeaseExpiresAt = null;
    }

    /// <summary>Gives the delivery up (shutting down): any round may claim it at once, and the next sweep starts one.</summary>
    public async Task ReleaseAsync(string deliveryId, string round)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VodDbContext>();
        DateTimeOffset? now = clock.GetUtcNow();
        await db.CallbackDeliveries.Where(d => d.Id == deliveryId && d.LeaseOwner == round)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.LeaseOwner, JobLeases.Requeued).SetProperty(d => d.LeaseExpiresAt, now), CancellationToken.None);
    }

    /// <summary>Takes the pending deliveries whose lease expired, one atomic update each; answers those this node took.</summary>
    public async Task<IReadOnlyList<string>> TakeExpiredAsync(VodDbContext db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var now = clock.GetUtcNow();
        DateTimeOffset? until = now + Duration;
        var expired = await db.CallbackDeliveries.AsNoTracking()
            .Where(d => d.Status == CallbackDeliveryStatus.Pending && d.LeaseOwner != null && d.LeaseExpiresAt < now)
            .OrderBy(d => d.CreationTime)
            .Select(d => d.Id)
            .Take(1000)
            .ToListAsync(ct);
        var taken = new List<string>();
        foreach (var id in expired)
        {
            var mine = await db.CallbackDeliveries
                .Where(d => d.Id == id && d.Status == CallbackDeliveryStatus.Pending && d.LeaseOwner != null && d.LeaseExpiresAt < now)
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.LeaseOwner, JobLeases.Requeued).SetProperty(d => d.LeaseExpiresAt, until), ct);
            if (mine == 1)
            {
                taken.Add(id);
            }
        }

        return taken;
    }

    private async Task<bool> RenewAsync(string deliveryId, string round, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VodDbContext>();
        DateTimeOffset? until = clock.GetUtcNow() + Duration;
        return await db.CallbackDeliveries.Where(d => d.Id == deliveryId && d.LeaseOwner == round)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.LeaseExpiresAt, until), ct) == 1;
    }
}
