using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using VodSnapshot.Api.Features.Callbacks;
using VodSnapshot.Api.Persistence;

namespace VodSnapshot.Api.Features.Uploads;

/// <summary>
/// Delivers one media event on the callback queue: up to <c>Callback:Attempts</c> attempts <c>Callback:RetryDelay</c>
/// apart until one gets HTTP 200, each recorded on the row as it happens. Reentrant: a delivery that is not pending
/// (or whose video was deleted) is left alone.
/// </summary>
public sealed partial class VideoEventJob(VodDbContext db, CallbackSender sender, CallbackLanes lanes, IOptions<CallbackOptions> options, TimeProvider clock, ILogger<VideoEventJob> logger)
{
    /// <summary>Media events have a queue of their own, so their retries never hold a snapshot job's worker.</summary>
    public const string Queue = "events";

    [Queue(Queue)]
    [AutomaticRetry(Attempts = 0)]
    public async Task DeliverAsync(string deliveryId, CancellationToken cancellationToken)
    {
        var delivery = await db.Set<VideoEventDelivery>().FindAsync([deliveryId], cancellationToken);
        if (delivery is null || delivery.Status != VideoEventStatus.Pending)
        {
            return;
        }

        var policy = CallbackRetryPolicy.From(options.Value);
        var authKey = await db.SigningKeyAsync(cancellationToken);
        var attempts = 0;
        while (policy.NextDelay(attempts) is { } delay)
        {
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, clock, cancellationToken);
            }

            CallbackAttemptOutcome outcome;
            using (await lanes.EnterAsync(delivery.Url, cancellationToken))
            {
                outcome = await sender.SendAsync(delivery.Url, delivery.EventId, delivery.Body, authKey, null, cancellationToken);
            }

            attempts++;
            delivery.AttemptCount++;
            delivery.LastStatusCode = outcome.StatusCode;
            delivery.LastError = outcome.Error;
            if (outcome.Succeeded)
            {
                delivery.Status = VideoEventStatus.Delivered;
                delivery.CompleteTime = clock.GetUtcNow();
                LogDelivered(logger, delivery.EventType, delivery.Url, delivery.AttemptCount);
            }
            else
            {
                LogAttemptFailed(logger, delivery.EventType, delivery.Url, attempts, outcome.Error!);
            }

            if (!await SaveAsync() || delivery.Status != VideoEventStatus.Pending)
            {
                return;
            }
        }

        delivery.Status = VideoEventStatus.Failed;
        delivery.CompleteTime = clock.GetUtcNow();
        await SaveAsync();
    }

    private async Task<bool> SaveAsync()
    {
        try
        {
            await db.SaveChangesAsync(CancellationToken.None);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            // The video (and its events) were deleted meanwhile: the round ends quietly.
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{EventType} to {Url} delivered (attempt {Attempt})")]
    private static partial void LogDelivered(ILogger logger, string eventType, string url, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{EventType} attempt {Attempt} to {Url} failed: {Reason}")]
    private static partial void LogAttemptFailed(ILogger logger, string eventType, string url, int attempt, string reason);
}

/// <summary>
/// At start, queues again the media events that were pending when the last process stopped. Queues in PostgreSQL
/// keep them (a dead node's event comes back to the queue by itself), so there a starting node queues nothing.
/// </summary>
public sealed class VideoEventRecovery(IServiceScopeFactory scopes, VideoEvents events, IOptions<Hosting.JobsOptions> jobs) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (jobs.Value.Storage != Hosting.JobQueueStorage.InMemory)
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VodDbContext>();
        var pending = await db.Set<VideoEventDelivery>().AsNoTracking()
            .Where(d => d.Status == VideoEventStatus.Pending)
            .OrderBy(d => d.CreationTime)
            .ToListAsync(cancellationToken);
        pending.ForEach(events.Enqueue);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
