using VodSnapshot.Api.Features.Faults;

namespace VodSnapshot.Api.Persistence;

/// <summary>Where a callback delivery is. Pending deliveries are picked up again at start.</summary>
public enum CallbackDeliveryStatus
{
    Pending,
    Delivered,
    Failed,

    /// <summary>Never sent, and never will be: <see cref="CallbackDelivery.Reason"/> says why (the vendor's callback rules).</summary>
    NotSent,
}

/// <summary>
/// One event on its way to one callback URL: written with the job's final state in one transaction, so an event
/// is never lost between "job done" and "callback sent", even when the process dies in between. The body is stored
/// as sent, so every attempt and redelivery carries the same bytes and the same EventId.
/// </summary>
public sealed class CallbackDelivery
{
    /// <summary>32 lower-case hex characters; names the delivery in the emulator's log endpoints.</summary>
    public required string Id { get; init; }

    public required string JobId { get; init; }

    /// <summary>The event's stable id (body field <c>EventId</c> and a header), for receivers that drop duplicates.</summary>
    public required string EventId { get; init; }

    public required string Url { get; init; }

    /// <summary>The JSON body, exactly as sent.</summary>
    public required string Body { get; init; }

    public CallbackDeliveryStatus Status { get; set; }

    /// <summary>1 for the original delivery; each redelivery on request starts the next round.</summary>
    public int Round { get; set; } = 1;

    /// <summary>Attempts made so far, over all rounds.</summary>
    public int AttemptCount { get; set; }

    /// <summary>Attempts made in the current round.</summary>
    public int RoundAttempts { get; set; }

    /// <summary>The injected callback fault of the job, or null.</summary>
    public CallbackFault? Fault { get; init; }

    public DateTimeOffset CreationTime { get; init; }

    /// <summary>Why the event was not sent (status NotSent), or null.</summary>
    public string? Reason { get; init; }

    /// <summary>When the current round ended (delivered or given up), or null while pending.</summary>
    public DateTimeOffset? CompleteTime { get; set; }

    /// <summary>The W3C traceparent of the job run that staged the event, so its attempts join that trace; null outside a trace.</summary>
    public string? TraceParent { get; init; }
    /// <summary>The round holding the delivery (node name and a random part), or null when none does (see DeliveryLeases).</summary>
    public string? LeaseOwner { get; set; }

    /// <summary>Until when <see cref="LeaseOwner"/> holds the delivery unless it renews; after that any node may start a round.</summary>
    public DateTimeOffset? LeaseExpiresAt { get; set; }
}

/// <summary>One POST of a delivery (or one attempt an injected fault kept from being sent): the delivery log.</summary>
public sealed class CallbackAttempt
{
    public long Id { get; init; }

    public required string DeliveryId { get; init; }

    /// <summary>1-based over all rounds of the delivery.</summary>
    public int Number { get; init; }

    public int Round { get; init; }

    public DateTimeOffset Time { get; init; }

    public required string Url { get; init; }

    /// <summary>The HTTP status answered, or null when none came (refused, unreachable, timed out, dropped by a fault).</summary>
    public int? StatusCode { get; init; }

    public long LatencyMs { get; init; }

    /// <summary>Why the attempt failed, or null when it succeeded.</summary>
    public string? Error { get; init; }

    public bool Succeeded { get; init; }
}
