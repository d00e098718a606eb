using Microsoft.EntityFrameworkCore;
using VodSnapshot.Api.Persistence;

namespace VodSnapshot.Api.Features.Callbacks;

/// <summary>
/// At start, queues again every delivery that was pending when the last process stopped (Hangfire's in-memory queue
/// died with it; the delivery rows did not): events of jobs that finished just before a crash, and rounds cut short.
/// </summary>
public sealed partial class CallbackRecovery(IServiceScopeFactory scopes, CallbackScheduler scheduler, ILogger<CallbackRecovery> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VodDbContext>();
        var pending = await db.CallbackDeliveries.AsNoTracking()
            .Where(d => d.Status == CallbackDeliveryStatus.Pending)
            .OrderBy(d => d.CreationTime)
            .Select(d => d.Id)
            .ToListAsync(cancellationToken);
        foreach (var id in pending)
        {
            scheduler.Enqueue(id);
        }

        if (pending.Count > 0)
        {
            LogRecovered(logger, pending.Count);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Queued {Count} pending callback deliveries again")]
    private static partial void LogRecovered(ILogger logger, int count);
}
