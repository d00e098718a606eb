using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using VodSnapshot.Api.Features.Callbacks;
using VodSnapshot.Api.Features.Faults;
using VodSnapshot.Api.Features.Media;
using VodSnapshot.Api.Features.Snapshots.Planning;
using VodSnapshot.Api.Features.Templates;
using VodSnapshot.Api.Persistence;
using VodSnapshot.Api.Rpc;
using VodSnapshot.Api.Storage;
using VodSnapshot.Api.Telemetry;
using System.Diagnostics;

namespace VodSnapshot.Api.Features.Snapshots;

/// <summary>
/// <c>SubmitSnapshotJob</c>: validates the parameters and the video, resolves the whole job (times, sizes,
/// sprite layout, callback) so nothing can fail later on a parameter, stores the job row and only then queues it.
/// Answers at once with the JobId; the work and the callback follow. The snapshot parameters, or a template's
/// SnapshotConfig when SnapshotTemplateId is given, become one <see cref="SnapshotRequest"/> resolved the same way.
/// </summary>
public sealed partial class SubmitSnapshotJob(
    VodDbContext db,
    JobLeases leases,
    SnapshotJobIntake intake,
    IOptions<SnapshotOptions> options,
    PublicAddress addresses,
    IOptions<CallbackOptions> callback,
    IOptions<FaultOptions> faultOptions,
    CallbackUrlPolicy callbackUrls,
    DiskSpace disk,
    VodMetrics metrics,
    TimeProvider clock,
    ILogger<SubmitSnapshotJob> logger) : IRpcAction
{
    public string Name => "SubmitSnapshotJob";

    public RpcActionDoc Doc { get; } = new(
        "Submits a snapshot job: JPG snapshots at given times, optionally sprite sheets; a SnapshotComplete callback follows.",
        [
            new("VideoId", "string", true, "The video to snapshot."),
            new("SpecifiedOffsetTime", "integer", false, "Time of the first snapshot, in milliseconds.", Default: "0", Minimum: 0),
            new("Width", "string", false, "Snapshot width in px, [8,4096]; default the source's; only Width given: Height follows the aspect ratio.", Minimum: 8, Maximum: 4096),
            new("Height", "string", false, "Snapshot height in px, [8,4096]; default the source's; only Height given: Width follows the aspect ratio.", Minimum: 8, Maximum: 4096),
            new("Count", "integer", false, "Maximum number of snapshots.", Default: "1", Minimum: 1),
            new("Interval", "integer", false, "Seconds between snapshots; 0 spreads Count snapshots evenly over the video.", Default: "1", Minimum: 0),
            new("SpecifiedOffsetTimes", "string", false, "JSON array of up to 30 times in ms; replaces offset, Count and Interval.", Example: "[1000,5000]"),
            new("SpriteSnapshotConfig", "string", false, "JSON {CellWidth, CellHeight, Columns, Lines, Padding, Margin, Color, KeepCellPic}; {} means defaults.",
                Example: """{"CellWidth":120,"CellHeight":68,"Columns":5,"Lines":2,"Padding":4,"Margin":8,"Color":"tomato","KeepCellPic":"keep"}"""),
            new("SnapshotTemplateId", "string", false, "A snapshot template (AddVodTemplate); when set, every other parameter but VideoId is ignored, UserData and ReferenceId included."),
            new("UserData", "string", false, "JSON {MessageCallback:{CallbackURL}, Extend}; Extend (≤512 bytes) is echoed in the callback.",
                Example: """{"MessageCallback":{"CallbackURL":"http://127.0.0.1:9000/callback"},"Extend":{"ticket":"42"}}"""),
            new("ReferenceId", "string", false, "Your own id for the job, 6–64 characters of A-Z a-z 0-9 _ -; submitting it again answers the same job."),
        ]);

    public async Task<object> ExecuteAsync(RpcRequest request, CancellationToken cancellationToken)
    {
        var videoId = request.Require("VideoId");
        // With a template every other parameter is ignored: none of them is read, so none can be refused.
        var template = request.Get("SnapshotTemplateId") is { } templateId
            ? await db.FindTemplateAsync(templateId, "SnapshotTemplateId", cancellationToken)
            : null;
        var snapshot = template is null ? SnapshotRequest.FromParameters(request) : SnapshotTemplateConfig.Parse(template.TemplateConfig).Request;
        var userData = template is null ? SnapshotUserData.Parse(request.Get("UserData")) : SnapshotUserData.None;
        var referenceId = template is null ? SnapshotParameters.ReferenceId(request.Get("ReferenceId")) : null;
        // The header is no parameter of the vendor's, so a template does not hide it.
        var faults = JobFaults.Resolve(request.Header(JobFaults.Header), userData.Fault, faultOptions.Value);

        var video = await db.FindVideoAsync(videoId, cancellationToken);
        if (!VideoStatus.AllowsSnapshots(video.Status))
        {
            throw RpcErrors.IllegalStatus();
        }

        if (await EarlierAsync(referenceId, video.Id, cancellationToken) is { } earlier)
        {
            return earlier;
        }

        var route = await CallbackRoute.ForVideoAsync(db, MessageCallbackSettings.SnapshotComplete, userData.CallbackUrl, video, callback.Value.VendorUserDataRule, cancellationToken);
        var callbackUrl = route.Url;
        if (callbackUrl is not null)
        {
            await callbackUrls.CheckAsync(callbackUrl, route.Origin, cancellationToken);
        }

        // A URL the vendor's rule leaves unused is still held to the URL rules: the same call must not become valid
        // or invalid with the global configuration.
        if (userData.CallbackUrl?.AbsoluteUri is { } given && given != callbackUrl)
        {
            await callbackUrls.CheckAsync(given, "MessageCallback.CallbackURL", cancellationToken);
        }

        SnapshotJobSpec spec;
        try
        {
            spec = snapshot.Resolve(video, options.Value, userData.Extend, callbackUrl) with { Faults = faults.IsEmpty ? null : faults, CallbackNote = route.NotSent };
        }
        catch (RpcException error) when (template is not null)
        {
            // Limits that depend on the video: the caller must learn which field of the template exceeded them.
            throw SnapshotTemplateConfig.InConfig(error);
        }

        // A job accepted now would fail for want of space; the caller hears it at once, and nothing is stored.
        if (disk.Check().Refusal is { } noRoom)
        {
            throw RpcErrors.ServiceUnavailable(noRoom);
        }

        var job = new SnapshotJob
        {
            Id = Ids.New(),
            VideoId = video.Id,
            Status = SnapshotJobStatus.Submitted,
            Spec = spec.ToJson(),
            TemplateId = template?.Id,
            ReferenceId = referenceId,
            PublicBaseUrl = addresses.Base(request.BaseUri),
            CreationTime = clock.GetUtcNow(),
            TraceParent = VodTracing.CurrentTraceParent(),
        };
        // Queued by the sweeper of any node if this one dies before it queues the job.
        leases.StageUnqueued(job);
        // The row first, then the queue: a job the caller hears of must survive a crash before it runs. Concurrent
        // submits share one commit (see SnapshotJobIntake); this waits for the one holding this row, and the intake
        // queues the job after it.
        try
        {
            await intake.StoreAsync(job);
        }
        catch (DbUpdateException) when (referenceId is not null)
        {
            // The same ReferenceId submitted at the same moment (on another node): its unique index kept one job.
            if (await EarlierAsync(referenceId, video.Id, cancellationToken) is { } first)
            {
                return first;
            }

            throw;
        }

        if (route.NotSent is { } note)
        {
            LogNotSent(logger, job.Id, note);
        }

        metrics.JobSubmitted(JobKind.Of(spec));
        Activity.Current?.SetTag("vod.job_id", job.Id);
        return Answer(job.Id);
    }

    private static object Answer(string jobId) => new { SnapshotJob = new { JobId = jobId } };

    /// <summary>The answer for a ReferenceId already stored: the first job's, or a refusal when it is another video's.</summary>
    private async Task<object?> EarlierAsync(string? referenceId, string videoId, CancellationToken ct) =>
        referenceId is not null && await db.SnapshotJobs.AsNoTracking().FirstOrDefaultAsync(j => j.ReferenceId == referenceId, ct) is { } earlier
            ? earlier.VideoId == videoId
                ? Answer(earlier.Id)
                : throw RpcErrors.InvalidParameter("ReferenceId", "It is already used by a job of another video.")
            : null;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Snapshot job {JobId} will send no SnapshotComplete callback: {Reason}")]
    private static partial void LogNotSent(ILogger logger, string jobId, string reason);
}
