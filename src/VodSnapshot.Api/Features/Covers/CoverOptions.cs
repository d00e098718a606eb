namespace VodSnapshot.Api.Features.Covers;

/// <summary>
/// Section <c>Covers</c>: the automatic cover snapshots (CoverSnapshot) the vendor takes of every video that comes in
/// (vod-lifecycle §8). On by default, as for the vendor; off, a new video gets no cover job, no CoverURL of its own,
/// no cover list and no cover event.
/// </summary>
public sealed class CoverOptions
{
    public const string SectionName = "Covers";

    public bool Enabled { get; set; } = true;
}
