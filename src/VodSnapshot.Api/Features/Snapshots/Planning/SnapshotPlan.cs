namespace VodSnapshot.Api.Features.Snapshots.Planning;

/// <summary>
/// The capture times of one job, ascending and each strictly before the end of the video.
/// A plan with no times is not an error at submit time: the vendor accepts the job and fails it afterwards,
/// so the job is failed with <see cref="OutsideVideoErrorCode"/>.
/// </summary>
/// <param name="Times">Capture times from the start of the video.</param>
/// <param name="DroppedPastEnd">Requested times that fell at or after the end of the video and were left out.</param>
/// <param name="DuplicatesRemoved">Explicit times given more than once, captured once.</param>
public sealed record SnapshotPlan(IReadOnlyList<TimeSpan> Times, long DroppedPastEnd, int DuplicatesRemoved)
{
    /// <summary>The failure code of a job whose plan has no time inside the video.</summary>
    public const string OutsideVideoErrorCode = JobErrors.OutsideVideo;

    /// <summary>True when no requested time lies inside the video, so the job must fail.</summary>
    public bool IsOutsideVideo => Times.Count == 0;
}
