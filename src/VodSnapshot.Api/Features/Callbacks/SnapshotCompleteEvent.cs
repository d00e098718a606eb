using System.Text.Json.Serialization;
using VodSnapshot.Api.Persistence;
using VodSnapshot.Api.Rpc;
using VodSnapshot.Api.Storage;

namespace VodSnapshot.Api.Features.Callbacks;

/// <summary>
/// The <c>SnapshotComplete</c> event of a final job: one SnapshotInfos entry per type produced, each
/// with the real presentation time of every image (<c>SnapshotTimes</c>, an extension field); on failure the error and
/// no SnapshotInfos. Extension fields <c>JobId</c> and <c>EventId</c> (stable over every attempt and redelivery, so
/// receivers can drop duplicates). Built once, when the job becomes final, and stored with its delivery. Extend is
/// written exactly as the caller sent it (no escaping of emoji or other non-ASCII text).
/// </summary>
public static class SnapshotCompleteEvent
{
    public static readonly IReadOnlyList<string> ReportedTypes = [SnapshotType.Normal, SnapshotType.Sprite, SnapshotType.SpriteOrigin, SnapshotType.WebVtt];

    public static object Build(SnapshotJob job, string? extend, IReadOnlyList<SnapshotImage> images, string eventId)
    {
        ArgumentNullException.ThrowIfNull(job);
        var eventTime = VendorTime.Format(job.CompleteTime ?? job.CreationTime);
        if (job.Status != SnapshotJobStatus.Succeeded)
        {
            return new FailureEvent(eventTime, "SnapshotComplete", job.VideoId, "fail", "SpecifiedTime", job.ErrorCode ?? "InternalError", job.ErrorMessage ?? string.Empty, extend, job.Id, eventId);
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
        return new SuccessEvent(eventTime, "SnapshotComplete", job.VideoId, "success", "SpecifiedTime", infos, extend, job.Id, eventId);
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
        string SubType,
        IReadOnlyList<SnapshotInfo> SnapshotInfos,
        [property: JsonConverter(typeof(VerbatimJsonString))] string? Extend,
        string JobId,
        string EventId);

    public sealed record FailureEvent(
        string EventTime,
        string EventType,
        string VideoId,
        string Status,
        string SubType,
        string ErrorCode,
        string ErrorMessage,
        [property: JsonConverter(typeof(VerbatimJsonString))] string? Extend,
        string JobId,
        string EventId);
}
