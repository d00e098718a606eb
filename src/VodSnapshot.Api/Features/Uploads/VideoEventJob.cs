using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using VodSnapshot.Api.Features.Callbacks;
using VodSnapshot.Api.Persistence;

namespace VodSnapshot.Api.Features.Uploads;

/// <summary>
/// Delivers one media event on the callback queue: up to <c>Callback:Attempts</c> attempts <c>Callback:RetryDelay</c>
/// apart until one gets HTTP 200, each recorded on the row as it happens. A video's events go out one at a time in the
/// order they were staged (FileUploadComplete before VideoAnalysisComplete…): the earlier ones still pending are
/// delivered (or given up) first. Reentrant: a delivery that is not pending (or whose video was deleted) is left alone.
/// </summary>
public sealed partial class VideoEventJob(VodDbContext db, CallbackSender sender, CallbackLanes lanes, VideoEventOrder order, IOptions<CallbackOptions> options, TimeProvider clock, ILogger<VideoEventJob> logger)
{
    /// <summary>Media events have a queue of their own, so their retries never hold a snapshot job's worker.</summary>
    public const string Queue = "events";

    [Queue(Queue)]
    [AutomaticRetry(Attempts = 0)]
    public async Task DeliverAsync(string deliveryId, CancellationToken cancellationToken)
    {
        var deliveries = db.Set<VideoEventDelivery>();
        var first = await deliveries.AsNoTracking().SingleOrDefaultAsync(d => d.Id == deliveryId, cancellationToken);
        if (first is null || first.Status != VideoEventStatus.Pending)
        {
            return;
        }

        using (await order.EnterAsync(first.VideoId, cancellationToken))
        {
            // Read under the video's turn: another run may have delivered these meanwhile.
            var due = await deliveries
                .Where(d => d.VideoId == first.VideoId && d.Status == VideoEventStatus.Pending && d.CreationTime <= first.CreationTime)
                .OrderBy(d => d.CreationTime)
                .ToListAsync(cancellationToken);
            foreach (var delivery in due)
            {
                if (!await RoundAsync(delivery, cancellationToken))
                {
                    return;
                }
            }
        }
    }

    /// <summary>One delivery's attempts; false when its video was deleted meanwhile.</summary>
    private async Task<bool> RoundAsync(VideoEventDelivery delivery, CancellationToken cancellationToken)
    {
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
                await UrlUploads.UrlPullJob.EventEndedAsync(db, delivery, cancellationToken);
                LogDelivered(logger, delivery.EventType, delivery.Url, delivery.AttemptCount);
            }
            else
            {
                LogAttemptFailed(logger, delivery.EventType, delivery.Url, attempts, outcome.Error!);
            }

            if (!await SaveAsync())
            {
                return false;
            }

            if (delivery.Status != VideoEventStatus.Pending)
            {
                return true;
            }
        }

        delivery.Status = VideoEventStatus.Failed;
        delivery.CompleteTime = clock.GetUtcNow();
        await UrlUploads.UrlPullJob.EventEndedAsync(db, delivery, cancellationToken);
        return await SaveAsync();
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
