using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using VodSnapshot.Api.Hosting;
using VodSnapshot.Api.Persistence;

namespace VodSnapshot.Api.Features.Callbacks;

/// <summary>
/// The delivery log (emulator only, not the vendor's): every attempt of every callback, read from SQLite, and
/// redelivery on request — the vendor drops an event after three failed attempts; this service keeps it.
/// <list type="bullet">
/// <item><c>GET /_emulator/callbacks?jobId=…&amp;status=…</c>: deliveries with their attempts, newest first (at most 100).</item>
/// <item><c>GET /_emulator/callbacks/{deliveryId}</c>: one delivery.</item>
/// <item><c>POST /_emulator/callbacks/{deliveryId}/redeliver</c>: a new round of attempts with the same body and EventId.</item>
/// </list>
/// </summary>
public static class CallbackLogEndpoints
{
    private const int MaxListed = 100;

    public static RouteGroupBuilder MapCallbackLog(this RouteGroupBuilder emulator)
    {
        emulator.MapGet("/callbacks", ListAsync)
            .WithName("ListEmulatorCallbacks")
            .WithSummary("Callback deliveries with every attempt (time, URL, status code, latency, error), newest first.");
        emulator.MapGet("/callbacks/{deliveryId}", GetAsync)
            .WithName("GetEmulatorCallback")
            .WithSummary("One callback delivery with every attempt.");
        emulator.MapPost("/callbacks/{deliveryId}/redeliver", RedeliverAsync)
            .WithName("RedeliverEmulatorCallback")
            .WithSummary("Delivers the event again (same body, same EventId) in a new round of attempts; 409 while a round is running.");
        return emulator;
    }

    private static async Task<Results<JsonHttpResult<DeliveryList>, NotFound, ValidationProblem>> ListAsync(
        string? jobId, string? status, VodDbContext db, CancellationToken ct)
    {
        var query = db.CallbackDeliveries.AsNoTracking();
        if (jobId is not null)
        {
            if (!Ids.IsValid(jobId))
            {
                return Invalid("jobId", "A JobId is 32 lower-case hex characters.");
            }

            if (!await db.SnapshotJobs.AnyAsync(j => j.Id == jobId, ct))
            {
                return TypedResults.NotFound();
            }

            query = query.Where(d => d.JobId == jobId);
        }

        if (status is not null)
        {
            // Only a status's own name: Enum.TryParse would also read "1" or a list such as "Pending,Delivered" (as one value).
            var name = Enum.GetNames<CallbackDeliveryStatus>().FirstOrDefault(n => n.Equals(status, StringComparison.OrdinalIgnoreCase));
            if (name is null || !Enum.TryParse<CallbackDeliveryStatus>(name, out var wanted))
            {
                return Invalid("status", "The status is Pending, Delivered, Failed or NotSent.");
            }

            query = query.Where(d => d.Status == wanted);
        }

        var deliveries = await query.OrderByDescending(d => d.CreationTime).Take(MaxListed).ToListAsync(ct);
        return TypedResults.Json(new DeliveryList(await ViewsAsync(db, deliveries, ct)), EmulatorJson.Options);
    }

    private static async Task<Results<JsonHttpResult<DeliveryView>, NotFound>> GetAsync(string deliveryId, VodDbContext db, CancellationToken ct)
    {
        if (!Ids.IsValid(deliveryId) || await db.CallbackDeliveries.AsNoTracking().SingleOrDefaultAsync(d => d.Id == deliveryId, ct) is not { } delivery)
        {
            return TypedResults.NotFound();
        }

        return TypedResults.Json((await ViewsAsync(db, [delivery], ct))[0], EmulatorJson.Options);
    }

    private static async Task<Results<JsonHttpResult<DeliveryView>, NotFound, Conflict<Refusal>>> RedeliverAsync(
        string deliveryId, VodDbContext db, CallbackScheduler scheduler, DeliveryLeases leases, CancellationToken ct)
    {
        if (!Ids.IsValid(deliveryId))
        {
            return TypedResults.NotFound();
        }

        // One conditional update, so two requests at once cannot start two rounds of the same delivery.
        var until = leases.StagedUntil();
        var started = await db.CallbackDeliveries
            .Where(d => d.Id == deliveryId && d.Status != CallbackDeliveryStatus.Pending && d.Status != CallbackDeliveryStatus.NotSent)
            .ExecuteUpdateAsync(
                set => set
                    .SetProperty(d => d.Status, CallbackDeliveryStatus.Pending)
                    .SetProperty(d => d.Round, d => d.Round + 1)
                    .SetProperty(d => d.RoundAttempts, 0)
                    .SetProperty(d => d.CompleteTime, (DateTimeOffset?)null)
                    .SetProperty(d => d.LeaseOwner, Snapshots.JobLeases.Requeued)
                    .SetProperty(d => d.LeaseExpiresAt, until),
                ct);
        var delivery = await db.CallbackDeliveries.AsNoTracking().SingleOrDefaultAsync(d => d.Id == deliveryId, ct);
        if (delivery is null)
        {
            return TypedResults.NotFound();
        }

        if (started == 0 && delivery.Status == CallbackDeliveryStatus.NotSent)
        {
            return TypedResults.Conflict(new Refusal("This event was never sent, by the vendor's callback rules (see Reason); there is nothing to redeliver."));
        }

        if (started == 0)
        {
            return TypedResults.Conflict(new Refusal("A round of attempts of this delivery is still running; redeliver it once it has ended."));
        }

        scheduler.Enqueue(delivery.Id);
        var view = (await ViewsAsync(db, [delivery], ct))[0];
        return TypedResults.Json(view, EmulatorJson.Options, statusCode: StatusCodes.Status202Accepted);
    }

    private static async Task<List<DeliveryView>> ViewsAsync(VodDbContext db, IReadOnlyList<CallbackDelivery> deliveries, CancellationToken ct)
    {
        var ids = deliveries.Select(d => d.Id).ToList();
        var attempts = (await db.CallbackAttempts.AsNoTracking().Where(a => ids.Contains(a.DeliveryId)).ToListAsync(ct))
            .ToLookup(a => a.DeliveryId);
        return
        [
            .. deliveries.Select(d => new DeliveryView(
                d.Id,
                d.JobId,
                d.EventId,
                d.Url,
                d.Status.ToString(),
                d.Round,
                d.CreationTime,
                d.CompleteTime,
                d.Fault?.ToString(),
                d.Reason,
                [.. attempts[d.Id].OrderBy(a => a.Number).Select(a => new AttemptView(a.Number, a.Round, a.Time, a.Url, a.StatusCode, a.LatencyMs, a.Succeeded, a.Error))])),
        ];
    }

    private static ValidationProblem Invalid(string name, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [name] = [message] });

    public sealed record DeliveryList(IReadOnlyList<DeliveryView> Deliveries);

    /// <param name="Round">1 for the original delivery, one more for each redelivery.</param>
    /// <param name="Fault">The injected callback fault, or null.</param>
    /// <param name="Reason">Why the event was not sent (status NotSent), or null.</param>
    public sealed record DeliveryView(
        string DeliveryId,
        string JobId,
        string EventId,
        string Url,
        string Status,
        int Round,
        DateTimeOffset CreationTime,
        DateTimeOffset? CompleteTime,
        string? Fault,
        string? Reason,
        IReadOnlyList<AttemptView> Attempts);

    /// <param name="StatusCode">The HTTP status answered, or null when none came.</param>
    public sealed record AttemptView(int Number, int Round, DateTimeOffset Time, string Url, int? StatusCode, long LatencyMs, bool Succeeded, string? Error);

    public sealed record Refusal(string Message);
}
