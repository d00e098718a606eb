using Microsoft.EntityFrameworkCore;
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

    public TimeSpan Duration => jobs.Value.LeaseDuration;

    private TimeProvider Clock => clock;

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
                && (j.LeaseOwner == null || j.LeaseOwner == Requeued || j.LeaseExpiresAt < now))
            .ExecuteUpdateAsync(
                s => s.SetProperty(j => j.Status, SnapshotJobStatus.Running)
                    .SetProperty(j => j.StartTime, now)
                    .SetProperty(j => j.Attempts, j => j.Attempts + 1)
                    .SetProperty(j => j.LeaseOwner, run)
                    .SetProperty(j => j.LeaseExpiresAt, until),
                ct);
        return claimed == 1;
    }

    /// <summary>Renews the lease of <paramref name="run"/> until disposed; its token is cancelled when the lease is lost.</summary>
    public Keeper Keep(string jobId, string run, CancellationToken outer) => new(this, jobId, run, outer);

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

    /// <summary>Gives the job up (shutting down): it may be claimed again at once.</summary>
    public async Task ReleaseAsync(string jobId, string run)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VodDbContext>();
        await db.SnapshotJobs.Where(j => j.Id == jobId && j.LeaseOwner == run)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.LeaseOwner, (string?)null).SetProperty(j => j.LeaseExpiresAt, (DateTimeOffset?)null), CancellationToken.None);
    }

    private async Task<bool> RenewAsync(string jobId, string run, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VodDbContext>();
        DateTimeOffset? until = clock.GetUtcNow() + Duration;
        return await db.SnapshotJobs.Where(j => j.Id == jobId && j.LeaseOwner == run)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.LeaseExpiresAt, until), ct) == 1;
    }

    /// <summary>Renews a lease a third of its duration apart; <see cref="Token"/> ends the run when it is lost.</summary>
    public sealed class Keeper : IAsyncDisposable
    {
        private readonly CancellationTokenSource _run;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _renewing;
        private bool _disposed;

        internal Keeper(JobLeases leases, string jobId, string run, CancellationToken outer)
        {
            _run = CancellationTokenSource.CreateLinkedTokenSource(outer);
            _renewing = RenewLoopAsync(leases, jobId, run);
        }

        /// <summary>Cancelled when the run is shut down or has lost its lease.</summary>
        public CancellationToken Token => _run.Token;

        /// <summary>Whether another node took the job over (the lease expired without renewal, or was taken).</summary>
        public bool Lost { get; private set; }

        private async Task RenewLoopAsync(JobLeases leases, string jobId, string run)
        {
            using var timer = new PeriodicTimer(leases.Duration / 3, leases.Clock);
            try
            {
                while (await timer.WaitForNextTickAsync(_stop.Token))
                {
                    bool held;
                    try
                    {
                        held = await leases.RenewAsync(jobId, run, _stop.Token);
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        // The database did not answer this time; the next tick tries again, the lease may still hold.
                        continue;
                    }

                    if (!held)
                    {
                        Lost = true;
                        await _run.CancelAsync();
                        return;
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // Stopped: the run is writing its outcome or has ended.
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            await _stop.CancelAsync();
            await _renewing;
            _stop.Dispose();
            _run.Dispose();
        }
    }
}
