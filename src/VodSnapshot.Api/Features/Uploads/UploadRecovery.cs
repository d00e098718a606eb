using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using VodSnapshot.Api.Features.Oss;
using VodSnapshot.Api.Features.UrlUploads;
using VodSnapshot.Api.Hosting;
using VodSnapshot.Api.Persistence;

namespace VodSnapshot.Api.Features.Uploads;

/// <summary>
/// At start, queues again the upload path's work the last process left unfinished (Hangfire's in-memory queues died
/// with it, the rows did not): the analysis of every uploaded or pulled video still <c>UploadSucc</c>, every URL
/// pull not yet final (it downloads again from the start), and every media event still pending, oldest first. Bodies
/// half-written by the dead process are removed. Each job is reentrant, so nothing is done, or sent, twice. Queues in
/// PostgreSQL keep their jobs (a dead node's come back by themselves) and the storage is shared with live nodes whose
/// bodies are being written, so there a starting node does nothing here (the periodic sweep removes stale bodies).
/// </summary>
public sealed partial class UploadRecovery(IServiceScopeFactory scopes, IBackgroundJobClient jobs, VideoEvents events, OssStorage files, IOptions<JobsOptions> queues, ILogger<UploadRecovery> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (queues.Value.Storage != JobQueueStorage.InMemory)
        {
            return;
        }

        // Only this process writes bodies there, and it has not started serving yet.
        var halfWritten = files.DeleteIncoming(writtenBefore: null);

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VodDbContext>();
        // Only the upload path's videos: a registered video (RegisterMedia, POST /uploads) is UploadSucc for good.
        var grants = db.Set<UploadGrant>();
        var pullJobs = db.Set<UrlUploadJob>();
        var analyses = await db.Videos.AsNoTracking()
            .Where(v => v.Status == VideoStatus.UploadSucc && v.SourcePath != string.Empty
                && (grants.Any(g => g.VideoId == v.Id && g.ObjectETag != null) || pullJobs.Any(j => j.VideoId == v.Id)))
            .OrderBy(v => v.ModificationTime)
            .Select(v => v.Id)
            .ToListAsync(cancellationToken);
        foreach (var id in analyses)
        {
            jobs.Enqueue<UploadAnalysisJob>(j => j.RunAsync(id, CancellationToken.None));
        }

        var pulls = await db.Set<UrlUploadJob>().AsNoTracking()
            .Where(j => UrlPullJob.Unfinished.Contains(j.Status))
            .OrderBy(j => j.CreationTime)
            .Select(j => j.JobId)
            .ToListAsync(cancellationToken);
        foreach (var id in pulls)
        {
            jobs.Enqueue<UrlPullJob>(j => j.RunAsync(id, CancellationToken.None));
        }

        var pending = await db.Set<VideoEventDelivery>().AsNoTracking()
            .Where(d => d.Status == VideoEventStatus.Pending)
            .OrderBy(d => d.CreationTime)
            .ToListAsync(cancellationToken);
        pending.ForEach(events.Enqueue);
        if (analyses.Count + pulls.Count + pending.Count + halfWritten > 0)
        {
            LogRecovered(logger, analyses.Count, pulls.Count, pending.Count, halfWritten);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Queued again {Analyses} upload analyses, {Pulls} URL pulls and {Events} pending media events; removed {Files} half-written bodies")]
    private static partial void LogRecovered(ILogger logger, int analyses, int pulls, int events, int files);
}
