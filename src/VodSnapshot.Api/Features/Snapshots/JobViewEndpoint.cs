using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using VodSnapshot.Api.Hosting;
using VodSnapshot.Api.Features.Snapshots.Planning;
using VodSnapshot.Api.Persistence;
using VodSnapshot.Api.Storage;

namespace VodSnapshot.Api.Features.Snapshots;

/// <summary>
/// <c>GET /_emulator/jobs/{JobId}</c> (emulator only, not the vendor's): where a snapshot job is, read from SQLite —
/// status with the time of each step, the extraction strategy, the frames decoded against the minimum, the error, how often it has run, the injected faults
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

    private static async Task<Results<JsonHttpResult<JobView>, NotFound>> GetAsync(string jobId, VodDbContext db, SnapshotStore store, CancellationToken ct)
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
                job.Kind.ToString(),
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
                [.. deliveries.Select(d => new JobDelivery(d.Id, d.EventId, d.Status.ToString(), d.AttemptCount, d.Reason))],
                job.DecodedFrames,
                job.MinimumDecodedFrames,
                job.Status == SnapshotJobStatus.Running ? Math.Min(store.FramesWritten(job.VideoId, job.Id), spec.TimesMs.Count) : null,
                spec.TimesMs.Count),
            EmulatorJson.Options);
    }

    /// <param name="Kind">Specified (SubmitSnapshotJob) or Cover (the automatic cover snapshots of a new video).</param>
    /// <param name="Runs">How many times a runner has started the job (more than one after a restart).</param>
    /// <param name="Faults">Injected faults in their text form, or null.</param>
    /// <param name="CallbackNote">Why no callback is sent although one was asked for (the vendor's callback rules), or null.</param>
    /// <param name="DecodedFrames">Video frames ffmpeg decoded for the job, once it succeeded.</param>
    /// <param name="FramesDone">While the job runs: the frames its run has written so far (its progress); null otherwise.</param>
    /// <param name="FramesTotal">The frames the job takes.</param>
    /// <param name="MinimumDecodedFrames">The fewest frames that show the job's frames (keyframe to last requested frame of each keyframe interval), when known.</param>
    public sealed record JobView(
        string JobId,
        string VideoId,
        string Kind,
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
        IReadOnlyList<JobDelivery> Deliveries,
        long? DecodedFrames,
        long? MinimumDecodedFrames,
        int? FramesDone,
        int FramesTotal);

    public sealed record JobDelivery(string DeliveryId, string EventId, string Status, int Attempts, string? Reason);
}
