using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using VodSnapshot.Api.Features.Snapshots.Planning;
using VodSnapshot.Api.Hosting;
using VodSnapshot.Api.Persistence;

namespace VodSnapshot.Api.Features.Snapshots;

/// <summary>
/// <c>GET /_emulator/jobs?videoId=…&amp;status=…&amp;limit=…</c> (emulator only, not the vendor's): the newest snapshot
/// jobs, at most 100, each with its kind, status, times and strategy. What the console's job list shows.
/// </summary>
public static class JobListEndpoint
{
    public const int MaxListed = 100;

    public static RouteGroupBuilder MapJobList(this RouteGroupBuilder emulator)
    {
        emulator.MapGet("/jobs", ListAsync)
            .WithName("ListEmulatorJobs")
            .WithSummary("The newest snapshot jobs (at most 100), optionally of one video or in one status.");
        return emulator;
    }

    private static async Task<Results<JsonHttpResult<JobList>, ValidationProblem>> ListAsync(
        string? videoId, string? status, string? limit, VodDbContext db, CancellationToken ct)
    {
        var query = db.SnapshotJobs.AsNoTracking();
        if (videoId is not null)
        {
            if (!Ids.IsValid(videoId))
            {
                return Invalid("videoId", "A VideoId is 32 lower-case hex characters.");
            }

            query = query.Where(j => j.VideoId == videoId);
        }

        if (status is not null)
        {
            var name = Enum.GetNames<SnapshotJobStatus>().FirstOrDefault(n => n.Equals(status, StringComparison.OrdinalIgnoreCase));
            if (name is null || !Enum.TryParse<SnapshotJobStatus>(name, out var wanted))
            {
                return Invalid("status", "The status is Submitted, Running, Succeeded or Failed.");
            }

            query = query.Where(j => j.Status == wanted);
        }

        var take = MaxListed;
        if (limit is not null && (!int.TryParse(limit, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out take) || take is < 1 or > MaxListed))
        {
            return Invalid("limit", "The limit is a whole number from 1 to 100.");
        }

        var jobs = await query.OrderByDescending(j => j.CreationTime).Take(take).ToListAsync(ct);
        return TypedResults.Json(new JobList([.. jobs.Select(Summary)]), EmulatorJson.Options);
    }

    private static JobSummary Summary(SnapshotJob job)
    {
        var spec = SnapshotJobSpec.FromJson(job.Spec);
        return new JobSummary(job.Id, job.VideoId, job.Status.ToString(), JobKind.Of(job, spec), spec.TimesMs.Count, job.CreationTime, job.StartTime,
            job.CompleteTime, job.Strategy, job.ErrorCode, job.Attempts, job.TemplateId);
    }

    private static ValidationProblem Invalid(string name, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [name] = [message] });

    public sealed record JobList(IReadOnlyList<JobSummary> Jobs);

    /// <param name="Kind">Normal, Sprite or WebVtt: what the job produces beside its normal snapshots.</param>
    /// <param name="Count">How many frames the job takes.</param>
    public sealed record JobSummary(
        string JobId,
        string VideoId,
        string Status,
        string Kind,
        int Count,
        DateTimeOffset CreationTime,
        DateTimeOffset? StartTime,
        DateTimeOffset? CompleteTime,
        string? Strategy,
        string? ErrorCode,
        int Runs,
        string? TemplateId);
}
