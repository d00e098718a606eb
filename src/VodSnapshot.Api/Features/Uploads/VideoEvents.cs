using System.Text.Json;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using VodSnapshot.Api.Features.Callbacks;
using VodSnapshot.Api.Features.Snapshots.Planning;
using VodSnapshot.Api.Persistence;
using VodSnapshot.Api.Rpc;

namespace VodSnapshot.Api.Features.Uploads;

/// <summary>
/// Stages and queues the media events of a video (FileUploadComplete, VideoAnalysisComplete, UploadByURLComplete)
/// under the same rule as snapshot callbacks (<see cref="CallbackRoute"/>, vod-lifecycle §1.6): sent only when the
/// global configuration lists the event (or ALL), to the video's UserData URL, else the configured HTTP URL; under an
/// MNS configuration, or for an event not listed while a UserData URL asked for it, the event is recorded as not sent,
/// with why. Staged in the caller's transaction, queued after its commit, delivered by <see cref="VideoEventJob"/>
/// one at a time per video, in the order they were staged.
/// </summary>
public sealed partial class VideoEvents(IBackgroundJobClient jobs, IOptions<CallbackOptions> callback, TimeProvider clock, ILogger<VideoEvents> logger)
{
    /// <summary>The UserData.Extend of a video, as events echo it.</summary>
    public static string? Extend(Video video)
    {
        ArgumentNullException.ThrowIfNull(video);
        try
        {
            return SnapshotUserData.Parse(video.UserData).Extend;
        }
        catch (RpcException)
        {
            return null;
        }
    }

    /// <summary>
    /// Adds the delivery of one event to <paramref name="db"/>: pending when it is to be sent, not sent (with the reason)
    /// when the vendor's rule withholds it although a URL asked for it or the configuration is MNS; null when nothing
    /// asked for it. The body is built by <paramref name="build"/> from the event's id, stored and sent as is on every
    /// attempt.
    /// </summary>
    public async Task<VideoEventDelivery?> StageAsync(VodDbContext db, Video video, string eventType, Func<string, object> build, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(video);
        ArgumentNullException.ThrowIfNull(build);
        var route = await CallbackRoute.DecideAsync(db, eventType, UserUrl(video), callback.Value.VendorUserDataRule, ct);
        if (route.Url is null && route.NotSent is null)
        {
            return null;
        }

        var eventId = Ids.New();
        var now = clock.GetUtcNow();
        var delivery = new VideoEventDelivery
        {
            Id = Ids.New(),
            VideoId = video.Id,
            EventType = eventType,
            EventId = eventId,
            Url = route.Url ?? string.Empty,
            Body = JsonSerializer.Serialize(build(eventId), RpcJson.Options),
            Status = route.Url is null ? VideoEventStatus.NotSent : VideoEventStatus.Pending,
            Reason = route.NotSent,
            CreationTime = await LaterAsync(db, video.Id, now, ct),
            CompleteTime = route.Url is null ? now : null,
        };
        db.Set<VideoEventDelivery>().Add(delivery);
        if (route.NotSent is { } reason)
        {
            LogNotSent(logger, eventType, video.Id, reason);
        }

        return delivery;
    }

    /// <summary>Queues a saved, pending delivery (no-op for null or one not to be sent).</summary>
    public void Enqueue(VideoEventDelivery? delivery)
    {
        if (delivery is { Status: VideoEventStatus.Pending })
        {
            var id = delivery.Id;
            jobs.Enqueue<VideoEventJob>(j => j.DeliverAsync(id, CancellationToken.None));
        }
    }

    /// <summary>The video's own URL: the one its upload's UserData named (read once when it was created), with its origin.</summary>
    private static (string Url, string Origin)? UserUrl(Video video)
    {
        if (video.CallbackUrl is { } registered)
        {
            return (registered, "the video's upload UserData");
        }

        try
        {
            // Videos created before the URL was kept on the row.
            return SnapshotUserData.Parse(video.UserData).CallbackUrl?.AbsoluteUri is { } own ? (own, "the video's upload UserData") : null;
        }
        catch (RpcException)
        {
            return null;
        }
    }

    /// <summary>
    /// The creation time that keeps the video's events in the order they are staged, even when the clock has not moved
    /// between two of them (several in one save, a coarse or test clock): later than every event of the video so far.
    /// </summary>
    private static async Task<DateTimeOffset> LaterAsync(VodDbContext db, string videoId, DateTimeOffset now, CancellationToken ct)
    {
        var latest = await db.Set<VideoEventDelivery>().AsNoTracking().Where(d => d.VideoId == videoId)
            .OrderByDescending(d => d.CreationTime).Select(d => (DateTimeOffset?)d.CreationTime).FirstOrDefaultAsync(ct) ?? DateTimeOffset.MinValue;
        foreach (var staged in db.ChangeTracker.Entries<VideoEventDelivery>().Where(e => e.Entity.VideoId == videoId))
        {
            latest = staged.Entity.CreationTime > latest ? staged.Entity.CreationTime : latest;
        }

        return latest >= now ? latest.AddTicks(1) : now;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{EventType} of video {VideoId} is not sent: {Reason}")]
    private static partial void LogNotSent(ILogger logger, string eventType, string videoId, string reason);
}
