using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using VodSnapshot.Api.Features.Callbacks;
using VodSnapshot.Api.Features.Snapshots;
using VodSnapshot.Api.Persistence;

namespace VodSnapshot.Api.Hosting;

/// <summary>
/// Queues again the work nobody is doing, on every node, without doubling anybody's work.
/// <para>
/// At start with in-memory queues (one node: the queues died with the last process, the rows did not): every
/// unfinished snapshot job, and every pending callback delivery. With queues in PostgreSQL they survive a node, and
/// a job fetched by a dead node comes back to the queue by itself.
/// </para>
/// <para>
/// Then, every <c>Jobs:SweepInterval</c> (half a lease), on every node: jobs whose lease expired (their run's node died or
/// hung, or their node died between saving and queuing them: <see cref="JobLeases.Unqueued"/>) are marked
/// <see cref="JobLeases.Requeued"/> by one atomic update, so exactly one node queues each of them again; the claim of
/// the run decides, so a job queued twice still runs once. Pending callback deliveries whose round's lease expired
/// (or whose round never started) get a new round the same way (<see cref="DeliveryLeases"/>).
/// </para>
/// </summary>
public sealed partial class QueueRecovery(
    IServiceScopeFactory scopes,
    IBackgroundJobClient jobs,
    CallbackScheduler callbacks,
    JobLeases leases,
    DeliveryLeases deliveryLeases,
    IOptions<JobsOptions> options,
    TimeProvider clock,
    ILogger<QueueRecovery> logger) : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Storage == JobQueueStorage.InMemory)
        {
            await RequeueAllUnfinishedAsync(cancellationToken);
        }

        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval ?? leases.Duration / 2, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await SweepExpiredAsync(stoppingToken);
                    await SweepDeliveriesAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogSweepFailed(logger, e);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private async Task RequeueAllUnfinishedAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VodDbContext>();
        var unfinished = await db.SnapshotJobs.AsNoTracking()
            .Where(j => j.Status == SnapshotJobStatus.Submitted || j.Status == SnapshotJobStatus.Running)
            .OrderBy(j => j.CreationTime)
            .Select(j => j.Id)
            .ToListAsync(ct);
        // The only node: no run of the last process is alive, whatever its lease says.
        await db.SnapshotJobs.Where(j => unfinished.Contains(j.Id))
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.LeaseOwner, JobLeases.Requeued), ct);
        foreach (var id in unfinished)
        {
            Enqueue(id);
        }

        var pending = await db.CallbackDeliveries.AsNoTracking()
            .Where(d => d.Status == CallbackDeliveryStatus.Pending)
            .OrderBy(d => d.CreationTime)
            .Select(d => d.Id)
            .ToListAsync(ct);
        await db.CallbackDeliveries.Where(d => pending.Contains(d.Id))
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.LeaseOwner, JobLeases.Requeued), ct);
        foreach (var id in pending)
        {
            callbacks.Enqueue(id);
        }

        if (unfinished.Count + pending.Count > 0)
        {
            LogRecovered(logger, unfinished.Count, pending.Count);
        }
    }

    /// <summary>Queues again the jobs whose lease expired; answers how many this node took.</summary>
    internal async Task<int> SweepExpiredAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VodDbContext>();
        var now = clock.GetUtcNow();
        var expired = await db.SnapshotJobs.AsNoTracking()
            .Where(j => (j.Status == SnapshotJobStatus.Submitted || j.Status == SnapshotJobStatus.Running) && j.LeaseOwner != null && j.LeaseExpiresAt < now)
            .OrderBy(j => j.CreationTime)
            .Select(j => j.Id)
            .Take(1000)
            .ToListAsync(ct);
        var taken = 0;
        DateTimeOffset? until = now + leases.Duration;
        foreach (var id in expired)
        {
            // One node wins each job: the update only matches while the lease is still expired.
            var mine = await db.SnapshotJobs
                .Where(j => j.Id == id && (j.Status == SnapshotJobStatus.Submitted || j.Status == SnapshotJobStatus.Running) && j.LeaseOwner != null && j.LeaseExpiresAt < now)
                .ExecuteUpdateAsync(s => s.SetProperty(j => j.LeaseOwner, JobLeases.Requeued).SetProperty(j => j.LeaseExpiresAt, until), ct);
            if (mine == 1)
            {
                Enqueue(id);
                taken++;
            }
        }

        if (taken > 0)
        {
            LogSwept(logger, taken);
        }

        return taken;
    }

    /// <summary>Starts a round of each pending delivery whose lease expired; answers how many this node took.</summary>
    internal async Task<int> SweepDeliveriesAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var taken = await deliveryLeases.TakeExpiredAsync(scope.ServiceProvider.GetRequiredService<VodDbContext>(), ct);
        foreach (var id in taken)
        {
            callbacks.Enqueue(id);
        }

        if (taken.Count > 0)
        {
            LogSweptDeliveries(logger, taken.Count);
        }

        return taken.Count;
    }

    private void Enqueue(string jobId) => SnapshotJobRunner.Enqueue(jobs, jobId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Queued {Jobs} unfinished snapshot jobs and {Deliveries} pending callback deliveries again")]
    private static partial void LogRecovered(ILogger logger, int jobs, int deliveries);

    [LoggerMessage(Level = LogLevel.Information, Message = "Queued {Jobs} snapshot jobs again whose lease expired")]
    private static partial void LogSwept(ILogger logger, int jobs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Started {Deliveries} callback delivery rounds again whose lease expired")]
    private static partial void LogSweptDeliveries(ILogger logger, int deliveries);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The recovery sweep failed; it runs again at its next tick")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
