using Hangfire;
using Microsoft.EntityFrameworkCore;
using VodSnapshot.Api.Features.Callbacks;
using VodSnapshot.Api.Features.Snapshots;
using VodSnapshot.Api.Persistence;

namespace VodSnapshot.Api.Hosting;

/// <summary>
/// At start, queues again the work the last process left unfinished: Hangfire's in-memory queues died with it, the
/// rows did not. Snapshot jobs that were submitted or running, and callback deliveries still pending (events of jobs
/// that finished just before a crash, rounds cut short). Both runs are reentrant, so work queued twice is done once.
/// </summary>
public sealed partial class QueueRecovery(
    IServiceScopeFactory scopes,
    IBackgroundJobClient jobs,
    CallbackScheduler callbacks,
    ILogger<QueueRecovery> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VodDbContext>();
        var unfinished = await db.SnapshotJobs.AsNoTracking()
            .Where(j => j.Status == SnapshotJobStatus.Submitted || j.Status == SnapshotJobStatus.Running)
            .OrderBy(j => j.CreationTime)
            .Select(j => j.Id)
            .ToListAsync(cancellationToken);
        foreach (var id in unfinished)
        {
            jobs.Enqueue<SnapshotJobRunner>(r => r.RunAsync(id, CancellationToken.None));
        }

        var pending = await db.CallbackDeliveries.AsNoTracking()
            .Where(d => d.Status == CallbackDeliveryStatus.Pending)
            .OrderBy(d => d.CreationTime)
            .Select(d => d.Id)
            .ToListAsync(cancellationToken);
        foreach (var id in pending)
        {
            callbacks.Enqueue(id);
        }

        if (unfinished.Count + pending.Count > 0)
        {
            LogRecovered(logger, unfinished.Count, pending.Count);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Queued {Jobs} unfinished snapshot jobs and {Deliveries} pending callback deliveries again")]
    private static partial void LogRecovered(ILogger logger, int jobs, int deliveries);
}
