using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using VodSnapshot.Api.Features.Faults;
using VodSnapshot.Api.Persistence;
using VodSnapshot.Api.Telemetry;
using System.Diagnostics;

namespace VodSnapshot.Api.Features.Callbacks;

/// <summary>
/// Runs one round of a delivery (started by <see cref="CallbackDispatcher"/>): up to <c>Callback:Attempts</c> attempts,
/// <c>Callback:RetryDelay</c> apart, until one gets HTTP 200. Every attempt is written to the delivery log as it
/// happens, with the delivery's state, so a restart goes on where the round stopped. Reentrant: a delivery that is
/// not pending is left alone. The round runs inside the job rather than as Hangfire retries, because Hangfire's
/// delayed jobs are polled far less often than the vendor's one-second spacing. Each attempt takes a slot of its
/// destination's lane only while it is on the wire; the pause before a retry is a timer that holds no slot and no
/// thread. Attempts are signed with the AuthKey of the global configuration as it is when the round starts (when its
/// AuthSwitch is on). A round holds the delivery's lease (<see cref="DeliveryLeases"/>) on every node while it runs.
/// </summary>
public sealed partial class CallbackJob(
    VodDbContext db,
    CallbackSender sender,
    CallbackLanes lanes,
    DeliveryLeases leases,
    IOptions<CallbackOptions> options,
    VodMetrics metrics,
    TimeProvider clock,
    ILogger<CallbackJob> logger)
{
    public async Task DeliverAsync(string deliveryId, CancellationToken cancellationToken)
    {
        // One round at a time over all nodes: a delivery that is not pending, or that a live round holds, is left alone.
        var round = leases.NewRound();
        if (!await leases.TryClaimAsync(db, deliveryId, round, cancellationToken))
        {
            return;
        }

        var delivery = await db.CallbackDeliveries.FindAsync([deliveryId], cancellationToken);
        if (delivery is null)
        {
            return;
        }

        var keeper = leases.Keep(deliveryId, round, cancellationToken);
        try
        {
            await RoundAsync(delivery, keeper.Token);
        }
        catch (OperationCanceledException) when (keeper.Lost)
        {
            LogLostLease(logger, delivery.Id);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down: the delivery stays pending, free for the next round of any node.
            await leases.ReleaseAsync(deliveryId, round);
            throw;
        }
        finally
        {
            await keeper.DisposeAsync();
        }
    }

    private async Task RoundAsync(CallbackDelivery delivery, CancellationToken cancellationToken)
    {
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["JobId"] = delivery.JobId, ["DeliveryId"] = delivery.Id, ["EventId"] = delivery.EventId });
        var policy = CallbackRetryPolicy.From(options.Value);
        var fault = delivery.Fault;
        var authKey = await db.SigningKeyAsync(cancellationToken);
        while (policy.NextDelay(delivery.RoundAttempts) is { } delay)
        {
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, clock, cancellationToken);
            }

            var injected = fault is not null && fault.Affects(delivery.Round, delivery.RoundAttempts + 1) ? fault.Mode : (CallbackFaultMode?)null;
            CallbackAttemptOutcome outcome;
            using (var span = VodTracing.StartFrom("Callback", delivery.TraceParent, ActivityKind.Producer))
            {
                span?.SetTag("vod.job_id", delivery.JobId).SetTag("vod.event_id", delivery.EventId).SetTag("vod.attempt", delivery.AttemptCount + 1);
                using (await lanes.EnterAsync(delivery.Url, cancellationToken))
                {
                    outcome = await sender.SendAsync(delivery.Url, delivery.EventId, delivery.Body, authKey, injected, cancellationToken);
                }

                span?.SetTag("http.response.status_code", outcome.StatusCode);
                span?.SetStatus(outcome.Succeeded ? ActivityStatusCode.Ok : ActivityStatusCode.Error, outcome.Error);
            }

            metrics.CallbackAttempted(outcome.Succeeded, TimeSpan.FromMilliseconds(outcome.LatencyMs));

            delivery.AttemptCount++;
            delivery.RoundAttempts++;
            db.CallbackAttempts.Add(new CallbackAttempt
            {
                DeliveryId = delivery.Id,
                Number = delivery.AttemptCount,
                Round = delivery.Round,
                Time = outcome.Time,
                Url = delivery.Url,
                StatusCode = outcome.StatusCode,
                LatencyMs = outcome.LatencyMs,
                Error = outcome.Error,
                Succeeded = outcome.Succeeded,
            });
            if (outcome.Succeeded)
            {
                Finish(delivery, CallbackDeliveryStatus.Delivered);
                LogDelivered(logger, delivery.Url, delivery.AttemptCount);
            }
            else
            {
                LogAttemptFailed(logger, delivery.Url, delivery.RoundAttempts, outcome.Error!);
            }

            // Written even when shutting down: the attempt happened, and the next start must not repeat it blindly.
            if (!await SaveAsync(delivery) || delivery.Status != CallbackDeliveryStatus.Pending)
            {
                return;
            }
        }

        Finish(delivery, CallbackDeliveryStatus.Failed);
        if (await SaveAsync(delivery))
        {
            LogGaveUp(logger, delivery.Url, delivery.RoundAttempts);
        }
    }

    /// <summary>The key that signs callbacks: the default application's, when its configuration is HTTP with AuthSwitch on.</summary>
    /// <summary>Saves the round's progress; false when the delivery is gone (its video was deleted meanwhile), which ends the round.</summary>
    private async Task<bool> SaveAsync(CallbackDelivery delivery)
    {
        try
        {
            await db.SaveChangesAsync(CancellationToken.None);
            return true;
        }
        catch (DbUpdateException e)
        {
            if (await db.CallbackDeliveries.AsNoTracking().AnyAsync(d => d.Id == delivery.Id))
            {
                if (e is DbUpdateConcurrencyException)
                {
                    // The lease expired unrenewed and another node's round took the delivery over: it goes on there.
                    LogLostLease(logger, delivery.Id);
                    return false;
                }

                throw;
            }

            LogGone(logger, delivery.Id);
            return false;
        }
    }

    private void Finish(CallbackDelivery delivery, CallbackDeliveryStatus status)
    {
        delivery.Status = status;
        delivery.CompleteTime = clock.GetUtcNow();
        DeliveryLeases.End(delivery);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Callback delivery {DeliveryId}: this round lost its lease to another node's round, which goes on with it")]
    private static partial void LogLostLease(ILogger logger, string deliveryId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Callback delivery {DeliveryId} was deleted with its job; the round ends")]
    private static partial void LogGone(ILogger logger, string deliveryId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Callback to {Url} delivered (attempt {Attempt})")]
    private static partial void LogDelivered(ILogger logger, string url, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Callback attempt {Attempt} to {Url} failed: {Reason}")]
    private static partial void LogAttemptFailed(ILogger logger, string url, int attempt, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Callback to {Url} failed after {Attempts} attempts; it stays in the delivery log for redelivery")]
    private static partial void LogGaveUp(ILogger logger, string url, int attempts);
}
