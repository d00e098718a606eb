using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using VodSnapshot.Api.Hosting;
using VodSnapshot.Api.Features.Snapshots.Planning;
using VodSnapshot.Api.Persistence;

namespace VodSnapshot.Api.Features.Snapshots;

/// <summary>
/// <c>GET /_emulator/jobs/{JobId}</c> (emulator only, not the vendor's): where a snapshot job is, read from SQLite —
/// status with the time of each step, the extraction strategy, the error, how often it has run, the injected faults
/// and its callback deliveries.
/// </summary>
public static class JobViewEndpoint
{
    public static RouteGroupBuilder MapJobView(this RouteGroupBuilder emulator)
    {
        emulator.MapGet("/jobs/{jobId}", GetAsync)
            .WithName("GetEmulatorJob")
            .WithSummary("A snapshot job's state: Submitted, Running, Succeeded or Failed, with times, strategy, error and callback deliveries.");
        return emulator;
    }

    private static async Task<Results<JsonHttpResult<JobView>, NotFound>> GetAsync(string jobId, VodDbContext db, CancellationToken ct)
    {
        if (!Ids.IsValid(jobId) || await db.SnapshotJobs.AsNoTracking().SingleOrDefaultAsync(j => j.Id == jobId, ct) is not { } job)
        {
            return TypedResults.NotFound();
        }

        var spec = SnapshotJobSpec.FromJson(job.Spec);
        var deliveries = await db.CallbackDeliveries.AsNoTracking()
            .Where(d => d.JobId == jobId)
            .OrderBy(d => d.CreationTime)
            .Select(d => new { d.Id, d.EventId, d.Status, d.AttemptCount, d.Reason })
            .ToListAsync(ct);
        return TypedResults.Json(
            new JobView(
                job.Id,
                job.VideoId,
                job.Status.ToString(),
                job.CreationTime,
                job.StartTime,
                job.CompleteTime,
                job.Strategy,
                job.ErrorCode,
                job.ErrorMessage,
                job.Attempts,
                job.TemplateId,
                job.ReferenceId,
                spec.CallbackUrl,
                spec.Faults?.ToString(),
                spec.CallbackNote,
                [.. deliveries.Select(d => new JobDelivery(d.Id, d.EventId, d.Status.ToString(), d.AttemptCount, d.Reason))]),
            EmulatorJson.Options);
    }

    /// <param name="Runs">How many times a runner has started the job (more than one after a restart).</param>
    /// <param name="Faults">Injected faults in their text form, or null.</param>
    /// <param name="CallbackNote">Why no callback is sent although one was asked for (the vendor's callback rules), or null.</param>
    public sealed record JobView(
        string JobId,
        string VideoId,
        string Status,
        DateTimeOffset CreationTime,
        DateTimeOffset? StartTime,
        DateTimeOffset? CompleteTime,
        string? Strategy,
        string? ErrorCode,
        string? ErrorMessage,
        int Runs,
        string? TemplateId,
        string? ReferenceId,
        string? CallbackUrl,
        string? Faults,
        string? CallbackNote,
        IReadOnlyList<JobDelivery> Deliveries);

    public sealed record JobDelivery(string DeliveryId, string EventId, string Status, int Attempts, string? Reason);
}
