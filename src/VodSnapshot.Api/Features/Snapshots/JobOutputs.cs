using VodSnapshot.Api.Features.Snapshots.Planning;
using VodSnapshot.Api.Persistence;
using VodSnapshot.Api.Storage;
using VodSnapshot.Media.Extraction;

namespace VodSnapshot.Api.Features.Snapshots;

/// <summary>One file a job wrote in its work folder, and the image row it becomes once published.</summary>
public sealed record JobOutput(string From, SnapshotImage Image);

/// <summary>
/// Turns what a job's run produced (its frames, and the sheets composed from their cells) into the list of outputs
/// to publish and record. Pure: names, serials and times follow from the inputs alone.
/// </summary>
public static class JobOutputs
{
    /// <summary>
    /// Normal snapshots, one per frame; then, with sprites, one SpriteSnapshot per sheet (timed by its first cell) and,
    /// when the cells are kept, one SpriteOriginSnapshot per cell.
    /// </summary>
    public static List<JobOutput> List(SnapshotJob job, IReadOnlyList<ExtractedFrame> frames, SpriteSheets? sprite, IReadOnlyList<string> sheets)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentNullException.ThrowIfNull(sheets);
        var outputs = frames.Select(f => new JobOutput(f.Path, Image(job, SnapshotType.Normal, f.Index, f.PresentationTime))).ToList();
        if (sprite is null)
        {
            return outputs;
        }

        for (var i = 0; i < sheets.Count; i++)
        {
            outputs.Add(new JobOutput(sheets[i], Image(job, SnapshotType.Sprite, i + 1, frames[i * sprite.Layout.CellsPerSheet].PresentationTime)));
        }

        if (sprite.KeepCells)
        {
            var cells = CellPaths(frames);
            outputs.AddRange(cells.Select((cell, i) => new JobOutput(cell, Image(job, SnapshotType.SpriteOrigin, i + 1, frames[i].PresentationTime))));
        }

        return outputs;
    }

    /// <summary>
    /// The cover snapshots of a cover job: one CoverSnapshot per distinct frame, in time order. Two planned times that
    /// came out as the same keyframe make one image (fewer keyframes, fewer covers, as for the vendor).
    /// </summary>
    public static List<JobOutput> Covers(SnapshotJob job, IReadOnlyList<ExtractedFrame> frames)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(frames);
        return [.. frames.OrderBy(f => f.PresentationTime).DistinctBy(f => f.PresentationTime)
            .Select((f, i) => new JobOutput(f.Path, Image(job, SnapshotType.Cover, i + 1, f.PresentationTime)))];
    }

    /// <summary>The sprite cell of every frame, in order; each must have come out of extraction.</summary>
    public static List<string> CellPaths(IReadOnlyList<ExtractedFrame> frames) =>
        [.. frames.Select(f => f.CellPath ?? throw new SnapshotJobException(JobErrors.Internal, "A sprite cell is missing."))];

    /// <summary>The image row of one output of <paramref name="job"/>, at its place in the store's layout.</summary>
    public static SnapshotImage Image(SnapshotJob job, string type, int index, TimeSpan presentationTime, string? relativePath = null)
    {
        ArgumentNullException.ThrowIfNull(job);
        return new SnapshotImage
        {
            JobId = job.Id,
            VideoId = job.VideoId,
            Type = type,
            Index = index,
            RelativePath = relativePath ?? SnapshotStore.RelativePath(job.VideoId, job.Id, type, index),
            PresentationTimeMs = (long)presentationTime.TotalMilliseconds,
        };
    }
}
