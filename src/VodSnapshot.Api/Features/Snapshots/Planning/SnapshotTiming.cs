namespace VodSnapshot.Api.Features.Snapshots.Planning;

/// <summary>
/// The timing parameters of one snapshot job as the caller gave them, in the vendor's units; null means not given.
/// Built from SubmitSnapshotJob parameters by <see cref="SnapshotParameters.Timing"/> or from a
/// template's SnapshotConfig, and turned into capture times by <see cref="SnapshotPlanner"/>.
/// </summary>
/// <param name="SpecifiedOffsetTime">Time of the first snapshot in milliseconds.</param>
/// <param name="Count">Maximum number of snapshots.</param>
/// <param name="Interval">Seconds between snapshots; 0 spreads Count snapshots evenly.</param>
/// <param name="SpecifiedOffsetTimes">Explicit capture points in milliseconds; when given, the other three are ignored.</param>
public sealed record SnapshotTiming(
    long? SpecifiedOffsetTime = null,
    long? Count = null,
    long? Interval = null,
    IReadOnlyList<long>? SpecifiedOffsetTimes = null);
