using Hangfire;
using Microsoft.EntityFrameworkCore;
using VodSnapshot.Api.Persistence;

namespace VodSnapshot.Api.Features.Snapshots;

/// <summary>
/// At start, queues again every accepted job that had not finished (Hangfire's in-memory queue died with the last
/// process; the job rows did not). Runs are reentrant, so a job queued twice is done once.
/// </summary>
public sealed partial class JobRecovery(IServiceScopeFactory scopes, IBackgroundJobClient jobs, ILogger<JobRecovery> logger) : IHostedService
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

        if (unfinished.Count > 0)
        {
            LogRecovered(logger, unfinished.Count);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Queued {Count} unfinished snapshot jobs again")]
    private static partial void LogRecovered(ILogger logger, int count);
}
