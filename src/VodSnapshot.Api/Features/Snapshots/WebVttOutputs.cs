using VodSnapshot.Api.Features.Snapshots.WebVtt;
using VodSnapshot.Api.Persistence;
using VodSnapshot.Api.Storage;
using VodSnapshot.Media.Extraction;
using VodSnapshot.Media.Sprites;

namespace VodSnapshot.Api.Features.Snapshots;

/// <summary>
/// Writes a job's WebVTT track and its manifest into the job's work folder, once the frames are extracted and the
/// sheets composed, and answers them as outputs to move into place with the others: the track as the job's one
/// <c>WebVttSnapshot</c>, the manifest beside it with the same name and <c>.json</c>.
/// </summary>
public static class WebVttOutputs
{
    /// <summary>
    /// Image type of the manifest row. It is not a vendor snapshot type, so neither ListSnapshots nor the callback report
    /// it; the row exists so the manifest is checked, moved and deleted like every other output.
    /// </summary>
    public const string ManifestType = "WebVttManifest";

    public static async Task<IReadOnlyList<JobOutput>> WriteAsync(
        SnapshotJob job,
        WebVttSpec track,
        SpriteSheetLayout layout,
        IReadOnlyList<ExtractedFrame> frames,
        double durationSeconds,
        string workFolder,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(track);
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(frames);

        var times = frames.Select(f => (long)f.RequestedTime.TotalMilliseconds).ToList();
        var frameTimes = frames.Select(f => (long)f.PresentationTime.TotalMilliseconds).ToList();
        // The planner keeps every time before the end, so this only guards against a duration stored differently.
        var durationMs = Math.Max(CeilingMilliseconds(durationSeconds), times[^1] + 1);
        var built = track.Combined
            ? WebVttTrack.ForSheets(times, durationMs, layout, Urls(job, SnapshotType.Sprite, layout.SheetCount(times.Count)), frameTimes)
            : WebVttTrack.ForImages(times, durationMs, layout.CellWidth, layout.CellHeight, Urls(job, SnapshotType.SpriteOrigin, times.Count), frameTimes);

        var folder = Directory.CreateDirectory(Path.Combine(workFolder, "webvtt")).FullName;
        var vtt = Path.Combine(folder, "track.vtt");
        var manifest = Path.Combine(folder, "track.json");
        await File.WriteAllTextAsync(vtt, built.ToVtt(), cancellationToken);
        await File.WriteAllTextAsync(manifest, built.ToManifestJson(), cancellationToken);

        var trackPath = SnapshotStore.RelativePath(job.VideoId, job.Id, SnapshotType.WebVtt, 1, ".vtt");
        var shown = frames[0].PresentationTime;
        return
        [
            new JobOutput(vtt, JobOutputs.Image(job, SnapshotType.WebVtt, 1, shown, trackPath)),
            new JobOutput(manifest, JobOutputs.Image(job, ManifestType, 1, shown, Path.ChangeExtension(trackPath, ".json"))),
        ];
    }

    private static List<string> Urls(SnapshotJob job, string type, int count) =>
        [.. Enumerable.Range(1, count).Select(i => SnapshotStore.Url(job.PublicBaseUrl, SnapshotStore.RelativePath(job.VideoId, job.Id, type, i)))];

    private static long CeilingMilliseconds(double seconds)
    {
        var ticks = TimeSpan.FromSeconds(seconds).Ticks;
        return (ticks + TimeSpan.TicksPerMillisecond - 1) / TimeSpan.TicksPerMillisecond;
    }
}
