using System.Text.Json;
using Hangfire;
using Microsoft.Extensions.Options;
using VodSnapshot.Api.Features.Callbacks;
using VodSnapshot.Api.Features.Snapshots.Planning;
using VodSnapshot.Api.Persistence;
using VodSnapshot.Api.Rpc;

namespace VodSnapshot.Api.Features.Uploads;

/// <summary>
/// Stages and queues the media events of a video (FileUploadComplete, VideoAnalysisComplete, UploadByURLComplete):
/// the URL is the video's UserData MessageCallback.CallbackURL, else <c>Callback:Url</c> (vod-lifecycle §1.6; this
/// service has no event-type filter, so every event of the path is sent). Staged in the caller's transaction, queued
/// after its commit, delivered by <see cref="VideoEventJob"/> with the snapshot callbacks' sender, retry policy and
/// signatures.
/// </summary>
public sealed class VideoEvents(IBackgroundJobClient jobs, IOptions<CallbackOptions> callback, TimeProvider clock)
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
    /// Adds the delivery of one event to <paramref name="db"/>; null when no callback URL applies. The body is built by
    /// <paramref name="build"/> from the event's id, stored and sent as is on every attempt.
    /// </summary>
    public VideoEventDelivery? Stage(VodDbContext db, Video video, string eventType, Func<string, object> build)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(video);
        ArgumentNullException.ThrowIfNull(build);
        var url = CallbackUrl(video);
        if (url is null)
        {
            return null;
        }

        var eventId = Ids.New();
        var delivery = new VideoEventDelivery
        {
            Id = Ids.New(),
            VideoId = video.Id,
            EventType = eventType,
            EventId = eventId,
            Url = url,
            Body = JsonSerializer.Serialize(build(eventId), RpcJson.Options),
            Status = VideoEventStatus.Pending,
            CreationTime = clock.GetUtcNow(),
        };
        db.Set<VideoEventDelivery>().Add(delivery);
        return delivery;
    }

    /// <summary>Queues a saved, pending delivery (no-op for null).</summary>
    public void Enqueue(VideoEventDelivery? delivery)
    {
        if (delivery is not null)
        {
            var id = delivery.Id;
            jobs.Enqueue<VideoEventJob>(j => j.DeliverAsync(id, CancellationToken.None));
        }
    }

    private string? CallbackUrl(Video video)
    {
        try
        {
            if (SnapshotUserData.Parse(video.UserData).CallbackUrl is { } own)
            {
                return own.AbsoluteUri;
            }
        }
        catch (RpcException)
        {
            // Checked when stored; a value an older version stored falls back to the global URL.
        }

        return string.IsNullOrEmpty(callback.Value.Url) ? null : callback.Value.Url;
    }
}
