using System.Net;
using System.Net.Http.Json;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using VodSnapshot.Api.Features.Snapshots;
using VodSnapshot.Api.Persistence;
using VodSnapshot.Api.Rpc;

namespace VodSnapshot.Api.Features.Callbacks;

/// <summary>
/// Delivers a final job's <c>SnapshotComplete</c> event: POST, JSON body, success only on HTTP 200 within the timeout;
/// redirects count as failures, as for the vendor (spec §5).
/// </summary>
public sealed partial class CallbackJob(VodDbContext db, IHttpClientFactory httpClients, IOptions<CallbackOptions> options, ILogger<CallbackJob> logger)
{
    public const string Queue = "callbacks";
    public const string HttpClientName = "callbacks";

    [Queue(Queue)]
    [AutomaticRetry(Attempts = 0)]
    public async Task DeliverAsync(string jobId, CancellationToken cancellationToken)
    {
        var job = await db.SnapshotJobs.AsNoTracking().SingleOrDefaultAsync(j => j.Id == jobId, cancellationToken);
        if (job is null || job.Status is not (SnapshotJobStatus.Succeeded or SnapshotJobStatus.Failed))
        {
            return;
        }

        var spec = SnapshotJobSpec.FromJson(job.Spec);
        if (spec.CallbackUrl is null)
        {
            return;
        }

        var images = await db.SnapshotImages.AsNoTracking().Where(i => i.JobId == jobId).ToListAsync(cancellationToken);
        var body = SnapshotCompleteEvent.Build(job, spec.Extend, images);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.Timeout);
        try
        {
            using var content = JsonContent.Create(body, body.GetType(), options: RpcJson.Options);
            await content.LoadIntoBufferAsync(timeout.Token);
            using var response = await httpClients.CreateClient(HttpClientName).PostAsync(spec.CallbackUrl, content, timeout.Token);
            LogDelivered(logger, spec.CallbackUrl, (int)response.StatusCode, response.StatusCode == HttpStatusCode.OK);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            LogUndelivered(logger, spec.CallbackUrl, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Callback to {Url} answered {Status} (delivered: {Delivered})")]
    private static partial void LogDelivered(ILogger logger, string url, int status, bool delivered);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Callback to {Url} failed: {Reason}")]
    private static partial void LogUndelivered(ILogger logger, string url, string reason);
}
