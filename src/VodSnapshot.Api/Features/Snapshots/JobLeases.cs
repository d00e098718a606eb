using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.Extensions.Options;
using VodSnapshot.Api.Hosting;
using VodSnapshot.Api.Persistence;

namespace VodSnapshot.Api.Features.Snapshots;

/// <summary>One run of a job: the lease holder's id, and the name of its private work folder.</summary>
public readonly record struct JobRun(string Id, string Folder);

/// <summary>
/// Who may run a snapshot job right now. A run claims the job with one guarded update (its run id and an expiry),
/// renews the lease while it works, and writes its outcome only in a transaction that first checks it still holds
/// the lease. A job whose lease expired (its node died) or that was never claimed may be claimed by any node.
/// </summary>
public sealed class JobLeases(IServiceScopeFactory scopes, IOptions<JobsOptions> jobs, IOptions<ClusterOptions> cluster, TimeProvider clock)
{
    /// <summary>The holder of a job the recovery sweeper queued again: any run may claim it.</summary>
    public const string Requeued = "requeued";

    /// <summary>
    /// The holder of a job saved but not queued yet: any run may claim it, and if its node dies before queuing it, the
    /// sweeper of any node queues it once its expiry passes. Cleared as soon as the job is in the queue, so a job that
    /// merely waits in a long queue is never queued twice.
    /// </summary>
    public const string Unqueued = "unqueued";

    public TimeSpan Duration => jobs.Value.LeaseDuration;

    /// <summary>A new run: its id is the node's name and a random part, which also names the run's own work folder.</summary>
    public JobRun NewRun()
    {
        var folder = Guid.NewGuid().ToString("N");
        return new JobRun($"{cluster.Value.NodeName}/{folder}", folder);
    }

    /// <summary>Claims <paramref name="jobId"/> for <paramref name="run"/>; false when it is final or another live run holds it.</summary>
    public async Task<bool> TryClaimAsync(VodDbContext db, string jobId, string run, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        DateTimeOffset? until = now + Duration;
        var claimed = await db.SnapshotJobs
            .Where(j => j.Id == jobId
                && (j.Status == SnapshotJobStatus.Submitted || j.Status == SnapshotJobStatus.Running)
                && (j.LeaseOwner == null || j.LeaseOwner == Requeued || j.LeaseOwner == Unqueued || j.LeaseExpiresAt < now))
            .ExecuteUpdateAsync(
                s => s.SetProperty(j => j.Status, SnapshotJobStatus.Running)
                    .SetProperty(j => j.StartTime, now)
                    .SetProperty(j => j.Attempts, j => j.Attempts + 1)
                    .SetProperty(j => j.LeaseOwner, run)
                    .SetProperty(j => j.LeaseExpiresAt, until),
                ct);
        return claimed == 1;
    }

    /// <summary>Marks a new job, before it is saved, as not queued yet (<see cref="Unqueued"/>).</summary>
    public void StageUnqueued(SnapshotJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        job.LeaseOwner = Unqueued;
        job.LeaseExpiresAt = clock.GetUtcNow() + Duration;
    }

    /// <summary>Queues a saved job, then clears its <see cref="Unqueued"/> mark (unless a run has claimed it meanwhile).</summary>
    public async Task EnqueueAsync(IBackgroundJobClient queue, string jobId)
    {
        ArgumentNullException.ThrowIfNull(queue);
        SnapshotJobRunner.Enqueue(queue, jobId);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VodDbContext>();
        await StillUnqueued(db, [jobId]).ExecuteUpdateAsync(ClearMark, CancellationToken.None);
    }

    /// <summary>Clears the <see cref="Unqueued"/> mark of jobs just queued, in one update (unless a run has claimed one meanwhile).</summary>
    public void MarkQueued(IReadOnlyCollection<string> jobIds)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<VodDbContext>();
        StillUnqueued(db, jobIds).ExecuteUpdate(ClearMark);
    }

    private static IQueryable<SnapshotJob> StillUnqueued(VodDbContext db, IReadOnlyCollection<string> jobIds) =>
        db.SnapshotJobs.Where(j => jobIds.Contains(j.Id) && j.LeaseOwner == Unqueued);

    private static void ClearMark(UpdateSettersBuilder<SnapshotJob> job) =>
        job.SetProperty(j => j.LeaseOwner, (string?)null).SetProperty(j => j.LeaseExpiresAt, (DateTimeOffset?)null);

    /// <summary>Renews the lease of <paramref name="run"/> until disposed; its token is cancelled when the lease is lost.</summary>
    public LeaseKeeper Keep(string jobId, string run, CancellationToken outer) => new(Duration, clock, ct => RenewAsync(jobId, run, ct), outer);

    /// <summary>
    /// Runs <paramref name="write"/> (which saves its changes) in one transaction that first ends the lease of
    /// <paramref name="run"/>; false, with nothing written, when the run no longer holds it.
    /// </summary>
    public static async Task<bool> WriteAsHolderAsync(VodDbContext db, string jobId, string run, Func<Task> write)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(write);
        await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
        // The update locks the job's row until commit: no sweeper or other run can take the job in between.
        var held = await db.SnapshotJobs.Where(j => j.Id == jobId && j.LeaseOwner == run)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.LeaseOwner, (string?)null).SetProperty(j => j.LeaseExpiresAt, (DateTimeOffset?)null), CancellationToken.None);
        if (held != 1)
        {
            await transaction.RollbackAsync(CancellationToken.None);
            return false;
        }

        await write();
        await transaction.CommitAsync(CancellationToken.None);
        return true;
    }

    /// <summary>
    /// Gives the job up (shutting down, or its outcome could not be stored): it may be claimed again at once, and as
    /// its lease has run out, the next sweep of any node queues it again.
    /// </summary>
    public async Task ReleaseAsync(string jobId, string run)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VodDbContext>();
        DateTimeOffset? now = clock.GetUtcNow();
        await db.SnapshotJobs.Where(j => j.Id == jobId && j.LeaseOwner == run)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.LeaseOwner, Requeued).SetProperty(j => j.LeaseExpiresAt, now), CancellationToken.None);
    }

    /// <summary>
    /// Gives the job up when the database may refuse even that (a full disk): on refusal the lease simply runs out
    /// and the sweeper queues the job again.
    /// </summary>
    public async Task TryReleaseAsync(string jobId, string run)
    {
        try
        {
            await ReleaseAsync(jobId, run);
        }
        catch (Exception e) when (e is DbUpdateException or System.Data.Common.DbException)
        {
            // Left to expire.
        }
    }

    private async Task<bool> RenewAsync(string jobId, string run, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VodDbContext>();
        DateTimeOffset? until = clock.GetUtcNow() + Duration;
        return await db.SnapshotJobs.Where(j => j.Id == jobId && j.LeaseOwner == run)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.LeaseExpiresAt, until), ct) == 1;
    }
}
