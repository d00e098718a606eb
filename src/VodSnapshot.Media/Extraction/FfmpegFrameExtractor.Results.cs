using System.Globalization;
using VodSnapshot.Media.Probing;

namespace VodSnapshot.Media.Extraction;

/// <summary>How a run's decoded images become its results, and how ffmpeg's failures are told apart.</summary>
internal sealed partial class FfmpegFrameExtractor
{
    /// <summary>Reads ffmpeg's complaint to tell a missing or undecodable source from a failure of our own.</summary>
    internal static FrameFailure ClassifyFailure(string stderr)
    {
        string[] unreadable =
        [
            "Invalid data found when processing input",
            "moov atom not found",
            "could not find codec parameters",
            "Invalid NAL unit",
            "does not contain any stream",
            "Error while decoding",
            "error while decoding",
            "Stream specifier",
            "Decoder (codec",
            "EBML header parsing failed",
            "End of file",
        ];
        if (stderr.Contains("No such file or directory", StringComparison.Ordinal))
        {
            return FrameFailure.SourceNotFound;
        }

        return unreadable.Any(marker => stderr.Contains(marker, StringComparison.Ordinal))
            ? FrameFailure.SourceUnreadable
            : FrameFailure.Internal;
    }

    /// <summary>
    /// Reads the packets around the requested times, the same scan a plan from packets reads, for the decoding floor. Started
    /// beside the decoding (ffprobe only demuxes); a source whose packets cannot be read still gets its frames, without a floor.
    /// </summary>
    private async Task<PacketIndex?> FloorScanAsync(Job job, CancellationToken cancellationToken)
    {
        try
        {
            return await ScanAsync(job, FramePlanner.ScanFor(job.Probe, job.Request.Times, FrameSelection.Exact), cancellationToken);
        }
        catch (FrameExtractionException)
        {
            return null;
        }
    }

    /// <summary>The frames decoded against the floor for the frames that answered: keyframes cost one each, exact frames their stretch from the keyframe.</summary>
    private static async Task<DecodeCount> CountDecodingAsync(Job job, Decoded?[] answers, Task<PacketIndex?>? floorScan)
    {
        var shown = answers.Select(a => a!.Value.Pts).Distinct().Select(pts => new FramePick(pts, TimeSpan.Zero)).ToList();
        long? minimum = job.Request.Selection == FrameSelection.NearestKeyframe
            ? shown.Count
            : floorScan is null ? null : (await floorScan)?.FramesToDecode(shown);
        return new DecodeCount(job.Decoded.Frames, minimum);
    }

    /// <summary>Stops the floor scan if it still runs and waits for it, so no ffprobe outlives the extraction.</summary>
    private static async Task EndAsync(Task<PacketIndex?>? floorScan, CancellationTokenSource cancel)
    {
        if (floorScan is null)
        {
            return;
        }

        if (!floorScan.IsCompleted)
        {
            await cancel.CancelAsync();
        }

        try
        {
            await floorScan;
        }
        catch (OperationCanceledException)
        {
            // Stopped because the job ended first (it failed or was cancelled).
        }
    }

    private static FrameExtractionException Unreadable(TimeSpan time) =>
        new(FrameFailure.SourceUnreadable, string.Create(CultureInfo.InvariantCulture, $"No frame could be decoded at {time.TotalSeconds:0.###} s."));

    private static bool IsWritten(string path)
    {
        var file = new FileInfo(path);
        return file.Exists && file.Length > 0;
    }

    /// <summary>
    /// Renames the checked images to 00001.jpg… (and cells to cells/00001.jpg…) in one step each, so a reader (or a re-run)
    /// never sees a half-written file; a frame answering several times is copied for all but its last use.
    /// </summary>
    private static List<ExtractedFrame> Publish(FrameRequest request, Decoded?[] answers, MediaProbe probe, string outputDirectory)
    {
        var lastUse = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var time = 0; time < answers.Length; time++)
        {
            lastUse[answers[time]!.Value.Path] = time;
        }

        var cellFolder = Path.Combine(outputDirectory, "cells");
        if (request.CellSize is not null)
        {
            Directory.CreateDirectory(cellFolder);
        }

        var frames = new List<ExtractedFrame>(answers.Length);
        for (var time = 0; time < answers.Length; time++)
        {
            var answer = answers[time]!.Value;
            var isLastUse = lastUse[answer.Path] == time;
            var name = string.Create(CultureInfo.InvariantCulture, $"{time + 1:D5}.jpg");
            var path = Place(answer.Path, Path.Combine(outputDirectory, name), isLastUse, time);
            var cellPath = answer.CellPath is { } cell ? Place(cell, Path.Combine(cellFolder, name), isLastUse, time) : null;
            frames.Add(new ExtractedFrame(time + 1, request.Times[time], answer.Pts - probe.StartTime, path) { CellPath = cellPath });
        }

        return frames;
    }

    private static string Place(string source, string target, bool move, int time)
    {
        if (move)
        {
            File.Move(source, target, overwrite: true);
        }
        else
        {
            var copy = string.Create(CultureInfo.InvariantCulture, $"{source}.{time}.copy");
            File.Copy(source, copy);
            File.Move(copy, target, overwrite: true);
        }

        return target;
    }
}
