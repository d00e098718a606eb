using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using VodSnapshot.Api.Persistence;

namespace VodSnapshot.Api.Storage;

/// <summary>
/// The one owner of the image layout: <c>{base}/{VideoId}/snapshots/{kind}/{JobId}-{00001}.jpg</c> (kind <c>covers</c>,
/// <c>normal</c>, <c>sprite</c>, <c>spriteorigin</c> or <c>webvtt</c>) as URL, stored on disk
/// under the same path below the snapshots folder, so the URL path is the file path. It names the outputs, publishes a
/// job's outputs (the one step that makes them visible), tells which stored file a served route names, and deletes a
/// video's files.
/// </summary>
public sealed partial class SnapshotStore(IOptions<StorageOptions> options)
{
    public const string Placeholder = "{SnapshotCount}";

    private string Root => options.Value.SnapshotsFolder;

    /// <summary>The URL folder name of each snapshot type.</summary>
    public static string Kind(string snapshotType) => snapshotType switch
    {
        SnapshotType.Cover => "covers",
        SnapshotType.Normal => "normal",
        SnapshotType.Sprite => "sprite",
        SnapshotType.SpriteOrigin => "spriteorigin",
        SnapshotType.WebVtt => "webvtt",
        _ => throw new ArgumentOutOfRangeException(nameof(snapshotType), snapshotType, "Not a stored snapshot type."),
    };

    /// <summary>SnapshotFormat: the path relative to the host, with the serial as <c>{SnapshotCount}</c>.</summary>
    public static string Format(string videoId, string jobId, string snapshotType, string extension = ".jpg") =>
        $"{videoId}/snapshots/{Kind(snapshotType)}/{jobId}-{Placeholder}{extension}";

    public static string Serial(int index) => index.ToString("D5", CultureInfo.InvariantCulture);

    /// <summary>The path of one output below the snapshots folder (also its URL path).</summary>
    public static string RelativePath(string videoId, string jobId, string snapshotType, int index, string extension = ".jpg") =>
        Format(videoId, jobId, snapshotType, extension).Replace(Placeholder, Serial(index), StringComparison.Ordinal);

    public static string Regular(string publicBase, string format) => publicBase.TrimEnd('/') + "/" + format;

    public static string Url(string publicBase, string relativePath) => publicBase.TrimEnd('/') + "/" + relativePath;

    /// <summary>
    /// A fresh private folder for one run of a job (what an earlier run left there is cleared), on the same file system
    /// as the final place so publication moves are atomic.
    /// </summary>
    public string NewWorkFolder(string videoId, string jobId, string? run = null)
    {
        var work = WorkFolder(videoId, jobId, run);
        TryDeleteFolder(work);
        return Directory.CreateDirectory(work).FullName;
    }

    /// <summary>Removes a run's private folder; a leftover is harmless, the next run of the job clears it first.</summary>
    public void DiscardWorkFolder(string videoId, string jobId, string? run = null) => TryDeleteFolder(WorkFolder(videoId, jobId, run));

    /// <summary>
    /// Makes a job's outputs visible at their places: checks that every one was written, then moves each in one step.
    /// Throws <see cref="MissingOutputException"/> (nothing moved) when one is missing or empty; when a move fails
    /// (a full disk cannot make a folder), what was already moved is withdrawn again, so it is all or nothing.
    /// </summary>
    public void Publish(IReadOnlyList<(string From, string RelativePath)> outputs)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        if (outputs.Any(o => new FileInfo(o.From) is not { Exists: true, Length: > 0 }))
        {
            throw new MissingOutputException();
        }

        var moved = new List<string>();
        try
        {
            foreach (var (from, relativePath) in outputs)
            {
                var target = Path.Combine(Root, relativePath);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Move(from, target, overwrite: true);
                moved.Add(relativePath);
            }
        }
        catch (Exception) when (moved.Count > 0)
        {
            Withdraw(moved);
            throw;
        }
    }

    /// <summary>
    /// Removes published outputs the database does not hold (their commit failed), so no image is served without its
    /// row. Deleting needs no free space; a file that is already gone is fine.
    /// </summary>
    public void Withdraw(IEnumerable<string> relativePaths)
    {
        ArgumentNullException.ThrowIfNull(relativePaths);
        foreach (var relativePath in relativePaths)
        {
            File.Delete(Path.Combine(Root, relativePath));
        }
    }

    /// <summary>
    /// The stored file a served route names, with its content type; null for anything the service does not write (only
    /// its own ids, kinds, serials and extensions match, so no route reaches another file) or that is not there.
    /// </summary>
    public (string Path, string ContentType)? Find(string videoId, string kind, string name)
    {
        var match = FileName().Match(name);
        if (!Ids.IsValid(videoId) || kind is not ("covers" or "normal" or "sprite" or "spriteorigin" or "webvtt") || !match.Success || !Ids.IsValid(match.Groups["job"].Value))
        {
            return null;
        }

        var path = Path.Combine(Root, videoId, "snapshots", kind, name);
        if (!File.Exists(path))
        {
            return null;
        }

        return (path, match.Groups["ext"].Value switch
        {
            "jpg" => "image/jpeg",
            "vtt" => "text/vtt; charset=utf-8",
            _ => "application/json; charset=utf-8",
        });
    }

    /// <summary>Deletes every stored output of a video, and the private folders of its runs.</summary>
    public void DeleteVideo(string videoId)
    {
        var folder = Path.Combine(Root, videoId);
        if (Ids.IsValid(videoId) && Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>
    /// How many frames the runs of a job have written so far into their work folders (the most of any run; sprite cells
    /// not counted): the progress of a running job, read from what ffmpeg has really written.
    /// </summary>
    public int FramesWritten(string videoId, string jobId)
    {
        var folder = WorkFolder(videoId, jobId, null);
        if (!Ids.IsValid(videoId) || !Ids.IsValid(jobId) || !Directory.Exists(folder))
        {
            return 0;
        }

        try
        {
            return Directory.EnumerateDirectories(folder, "frames", SearchOption.AllDirectories)
                .Select(frames => Directory.EnumerateFiles(frames, "*.jpg").Count(f => !f.EndsWith(".cell.jpg", StringComparison.Ordinal)))
                .DefaultIfEmpty(0)
                .Max();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The run ended (its folder went) while it was read.
            return 0;
        }
    }

    /// <summary>A job's work folder, or with <paramref name="run"/> one run's own, so two runs never touch each other's files.</summary>
    private string WorkFolder(string videoId, string jobId, string? run) =>
        run is null ? Path.Combine(Root, videoId, ".work", jobId) : Path.Combine(Root, videoId, ".work", jobId, run);

    private static void TryDeleteFolder(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (IOException)
        {
            // A leftover work folder is harmless: the next run of the job clears it first.
        }
    }

    [GeneratedRegex("^(?<job>[0-9a-f]{32})-[0-9]{5}\\.(?<ext>jpg|vtt|json)$", RegexOptions.CultureInvariant)]
    private static partial Regex FileName();
}

/// <summary>An output a job should have written is missing or empty, so nothing is published.</summary>
public sealed class MissingOutputException() : IOException("An output image is missing.");
