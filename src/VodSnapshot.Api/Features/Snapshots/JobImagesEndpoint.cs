using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using VodSnapshot.Api.Features.Snapshots.Planning;
using VodSnapshot.Api.Hosting;
using VodSnapshot.Api.Persistence;
using VodSnapshot.Api.Storage;

namespace VodSnapshot.Api.Features.Snapshots;

/// <summary>
/// <c>GET /_emulator/jobs/{JobId}/images</c> (emulator only, not the vendor's): a job's resolved parameters and every
/// file it published, each image with the time asked for and the real presentation time of its frame, and the sprite
/// grid with the place and times of every cell. What the console's job page draws.
/// </summary>
public static class JobImagesEndpoint
{
    private static readonly List<string> TypeOrder = [.. SnapshotType.All, WebVttOutputs.ManifestType];

    public static RouteGroupBuilder MapJobImages(this RouteGroupBuilder emulator)
    {
        emulator.MapGet("/jobs/{jobId}/images", GetAsync)
            .WithName("GetEmulatorJobImages")
            .WithSummary("A job's resolved parameters, its images with requested and real frame times, and its sprite cells.");
        return emulator;
    }

    private static async Task<Results<JsonHttpResult<JobImages>, NotFound>> GetAsync(string jobId, VodDbContext db, CancellationToken ct)
    {
        if (!Ids.IsValid(jobId) || await db.SnapshotJobs.AsNoTracking().SingleOrDefaultAsync(j => j.Id == jobId, ct) is not { } job)
        {
            return TypedResults.NotFound();
        }

        var spec = SnapshotJobSpec.FromJson(job.Spec);
        var rows = await db.SnapshotImages.AsNoTracking().Where(i => i.JobId == jobId).ToListAsync(ct);
        return TypedResults.Json(Describe(job, spec, rows), EmulatorJson.Options);
    }

    /// <summary>Pure: the view of <paramref name="rows"/>, the published files of <paramref name="job"/>.</summary>
    public static JobImages Describe(SnapshotJob job, SnapshotJobSpec spec, IReadOnlyList<SnapshotImage> rows)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(rows);
        var frames = rows.Where(r => r.Type == SnapshotType.Normal).OrderBy(r => r.Index).ToList();
        long? Requested(int index) => index >= 1 && index <= spec.TimesMs.Count ? spec.TimesMs[index - 1] : null;
        var images = rows
            .OrderBy(r => TypeOrder.IndexOf(r.Type) is var at and >= 0 ? at : int.MaxValue)
            .ThenBy(r => r.Type, StringComparer.Ordinal)
            .ThenBy(r => r.Index)
            .Select(r => new ImageView(r.Type, r.Index, SnapshotStore.Url(job.PublicBaseUrl, r.RelativePath),
                r.Type is SnapshotType.Normal or SnapshotType.SpriteOrigin ? Requested(r.Index) : null, r.PresentationTimeMs))
            .ToList();

        SpriteView? sprite = null;
        if (spec.Sprite is { } sheets)
        {
            var layout = sheets.Layout;
            var cells = frames.Select((frame, i) =>
            {
                var (sheet, x, y) = layout.Place(i);
                return new CellView(i + 1, sheet + 1, x, y, Requested(frame.Index), frame.PresentationTimeMs);
            }).ToList();
            sprite = new SpriteView(layout.CellWidth, layout.CellHeight, layout.Columns, layout.Lines, layout.Padding, layout.Margin,
                layout.SheetWidth, layout.SheetHeight, sheets.KeepCells, cells);
        }

        return new JobImages(job.Id, JsonSerializer.SerializeToElement(spec, Rpc.RpcJson.Options), images, sprite);
    }

    /// <param name="Parameters">The job's resolved parameters, as stored when it was accepted.</param>
    public sealed record JobImages(string JobId, JsonElement Parameters, IReadOnlyList<ImageView> Images, SpriteView? Sprite);

    /// <param name="RequestedTimeMs">The capture time asked for (normal snapshots and sprite cells), or null.</param>
    /// <param name="PresentationTimeMs">The presentation time of the frame in the image (for sheets: of their first cell).</param>
    public sealed record ImageView(string Type, int Index, string Url, long? RequestedTimeMs, long? PresentationTimeMs);

    public sealed record SpriteView(
        int CellWidth,
        int CellHeight,
        int Columns,
        int Lines,
        int Padding,
        int Margin,
        int SheetWidth,
        int SheetHeight,
        bool KeepCells,
        IReadOnlyList<CellView> Cells);

    /// <param name="Sheet">1-based serial of the sheet holding the cell.</param>
    /// <param name="X">Left edge of the cell in its sheet, px.</param>
    /// <param name="Y">Top edge of the cell in its sheet, px.</param>
    public sealed record CellView(int Cell, int Sheet, int X, int Y, long? RequestedTimeMs, long? PresentationTimeMs);
}
