using System.Text.Json;
using VodSnapshot.Api.Features.Faults;
using VodSnapshot.Api.Persistence;
using VodSnapshot.Api.Rpc;
using VodSnapshot.Api.Telemetry;

namespace VodSnapshot.Api.Features.Callbacks;

/// <summary>
/// Turns a final job into a stored delivery and hands it to the dispatcher, so a slow receiver never holds a
/// media worker. Staging and queuing are apart: the delivery row is saved in the same transaction as the job's final
/// state, and queued only after that commit (a crash in between leaves a pending row that start-up picks up).
/// </summary>
public sealed class CallbackScheduler(CallbackDispatcher dispatcher, DeliveryLeases leases, TimeProvider clock)
{
    /// <summary>
    /// Adds the delivery of <paramref name="job"/>'s event to <paramref name="db"/>; null when nothing was asked for. When
    /// <paramref name="notSent"/> says why the event may not be sent, the delivery is logged as NotSent and never queued.
    /// </summary>
    /// <param name="db">The context the job's final state is saved with.</param>
    /// <param name="job">The job, in its final state.</param>
    /// <param name="url">Where the event goes, or null for nowhere.</param>
    /// <param name="extend">UserData.Extend, echoed in the event.</param>
    /// <param name="fault">An injected callback fault, or null.</param>
    /// <param name="images">The job's outputs (none when it failed).</param>
    /// <param name="notSent">Why the event is not sent, or null.</param>
    /// <param name="coverUrl">The video's cover after a cover job (the event's CoverUrl), or null.</param>
    public CallbackDelivery? Stage(VodDbContext db, SnapshotJob job, string? url, string? extend, CallbackFault? fault, IReadOnlyList<SnapshotImage> images, string? notSent = null, string? coverUrl = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(job);
        if (url is null && notSent is null)
        {
            return null;
        }

        var eventId = Ids.New();
        var delivery = new CallbackDelivery
        {
            Id = Ids.New(),
            JobId = job.Id,
            EventId = eventId,
            Url = url ?? string.Empty,
            Body = JsonSerializer.Serialize(SnapshotCompleteEvent.Build(job, extend, images, eventId, coverUrl), RpcJson.Options),
            Status = url is null ? CallbackDeliveryStatus.NotSent : CallbackDeliveryStatus.Pending,
            Reason = url is null ? notSent : null,
            Fault = fault,
            CreationTime = clock.GetUtcNow(),
            TraceParent = VodTracing.CurrentTraceParent(),
        };
        if (url is null)
        {
            delivery.CompleteTime = delivery.CreationTime;
        }
        else
        {
            leases.Stage(delivery);
        }

        db.CallbackDeliveries.Add(delivery);
        return delivery;
    }

    /// <summary>Queues a saved, pending delivery.</summary>
    public void Enqueue(string deliveryId) => dispatcher.Enqueue(deliveryId);
}
