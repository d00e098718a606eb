using System.Text.Json.Serialization;
using VodSnapshot.Api.Persistence;
using VodSnapshot.Api.Rpc;
using VodSnapshot.Api.Storage;

namespace VodSnapshot.Api.Features.Callbacks;

/// <summary>
/// The <c>SnapshotComplete</c> event of a final job: one SnapshotInfos entry per type produced (a cover job: one
/// CoverSnapshot entry, the top-level CoverUrl and no SubType; a SubmitSnapshotJob job: SubType SpecifiedTime and its
/// NormalSnapshot, SpriteSnapshot, SpriteOriginSnapshot and WebVttSnapshot entries), each
/// with the real presentation time of every image (<c>SnapshotTimes</c>, an extension field); on failure the error and
/// no SnapshotInfos. Extension fields <c>JobId</c> and <c>EventId</c> (stable over every attempt and redelivery, so
/// receivers can drop duplicates). Built once, when the job becomes final, and stored with its delivery. Extend is
/// written exactly as the caller sent it (no escaping of emoji or other non-ASCII text).
/// </summary>
public static class SnapshotCompleteEvent
{
    public static readonly IReadOnlyList<string> ReportedTypes = [SnapshotType.Cover, SnapshotType.Normal, SnapshotType.Sprite, SnapshotType.SpriteOrigin, SnapshotType.WebVtt];

    /// <summary>The vendor's SubType of SubmitSnapshotJob events; automatic cover snapshots have none.</summary>
    public const string SpecifiedTime = "SpecifiedTime";

    /// <param name="job">The job, in its final state.</param>
    /// <param name="extend">UserData.Extend, echoed.</param>
    /// <param name="images">The job's outputs (none when it failed).</param>
    /// <param name="eventId">The delivery's event id.</param>
    /// <param name="coverUrl">The video's cover after a cover job, or null (absent on failure, as for the vendor).</param>
    public static object Build(SnapshotJob job, string? extend, IReadOnlyList<SnapshotImage> images, string eventId, string? coverUrl = null)
    {
        ArgumentNullException.ThrowIfNull(job);
        var eventTime = VendorTime.Format(job.CompleteTime ?? job.CreationTime);
        var subType = job.Kind == SnapshotJobKind.Cover ? null : SpecifiedTime;
        if (job.Status != SnapshotJobStatus.Succeeded)
        {
            return new FailureEvent(eventTime, "SnapshotComplete", job.VideoId, "fail", subType, job.ErrorCode ?? "InternalError", job.ErrorMessage ?? string.Empty, extend, job.Id, eventId);
        }

        var infos = ReportedTypes
            .Select(type => (Type: type, Images: images.Where(i => i.Type == type).OrderBy(i => i.Index).ToList()))
            .Where(group => group.Images.Count > 0)
            .Select(group =>
            {
                var format = SnapshotStore.Format(job.VideoId, job.Id, group.Type, Path.GetExtension(group.Images[0].RelativePath));
                return new SnapshotInfo(
                    "success",
                    group.Type,
                    group.Images.Count,
                    format,
                    SnapshotStore.Regular(job.PublicBaseUrl, format),
                    job.Id,
                    [.. group.Images.Select(i => i.PresentationTimeMs ?? 0)]);
            })
            .ToList();
        return new SuccessEvent(eventTime, "SnapshotComplete", job.VideoId, "success", subType, coverUrl, infos, extend, job.Id, eventId);
    }

    public sealed record SnapshotInfo(
        string Status,
        string SnapshotType,
        long SnapshotCount,
        string SnapshotFormat,
        string SnapshotRegular,
        string JobId,
        IReadOnlyList<long> SnapshotTimes);

    public sealed record SuccessEvent(
        string EventTime,
        string EventType,
        string VideoId,
        string Status,
        string? SubType,
        string? CoverUrl,
        IReadOnlyList<SnapshotInfo> SnapshotInfos,
        [property: JsonConverter(typeof(VerbatimJsonString))] string? Extend,
        string JobId,
        string EventId);

    public sealed record FailureEvent(
        string EventTime,
        string EventType,
        string VideoId,
        string Status,
        string? SubType,
        string ErrorCode,
        string ErrorMessage,
        [property: JsonConverter(typeof(VerbatimJsonString))] string? Extend,
        string JobId,
        string EventId);
}
