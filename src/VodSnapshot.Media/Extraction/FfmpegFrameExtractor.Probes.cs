using FFMpegCore;
using FFMpegCore.Exceptions;
using VodSnapshot.Media.Ffmpeg;
using VodSnapshot.Media.Probing;

namespace VodSnapshot.Media.Extraction;

internal sealed partial class FfmpegFrameExtractor
{
    private readonly PacketIndexCache _packets = new();

    /// <summary>The packets of <paramref name="range"/> (the video stream's times and flags), from the cache when this file's same windows were read lately.</summary>
    private async Task<PacketIndex> ScanAsync(Job job, ScanRange range, CancellationToken cancellationToken)
    {
        var intervals = range.ToReadIntervals();
        var key = PacketIndexCache.Key.Of(new FileInfo(job.Source), intervals);
        if (key is { } file && _packets.Find(file) is { } known)
        {
            return known;
        }

        // After FFProbe's own -show_packets: the video stream's packet times and flags only, in the planned windows.
        List<string> arguments = ["-select_streams", FfprobeReport.VideoStreamSpecifier, "-show_entries", "packet=pts_time,flags"];
        if (intervals is not null)
        {
            arguments.AddRange(["-read_intervals", intervals]);
        }

        var packets = await ProbeAsync(
            (options, stop) => FFProbe.GetPacketsAsync(job.Source, options, string.Join(' ', arguments.Select(ListedArguments.Quote)), stop), cancellationToken);
        var index = PacketIndex.FromPackets(packets.Packets.Select(p => (p.PtsTime, (string?)p.Flags)));
        // Kept only if the file did not change while it was read.
        if (key is { } read && PacketIndexCache.Key.Of(new FileInfo(job.Source), intervals) == read)
        {
            _packets.Keep(read, index);
        }

        return index;
    }

    /// <summary>Runs one FFProbe call; a non-zero exit or a run that never finished becomes a <see cref="FrameExtractionException"/>.</summary>
    private async Task<T> ProbeAsync<T>(Func<FFOptions, CancellationToken, Task<T>> probe, CancellationToken cancellationToken)
    {
        try
        {
            return await runner.ProbeAsync(probe, cancellationToken);
        }
        catch (ToolRunException ex) when (ex.Failure is ToolFailure.TimedOut or ToolFailure.Stalled)
        {
            throw new FrameExtractionException(FrameFailure.TimedOut, ex.Message, ex, ex.StderrTail);
        }
        catch (ToolRunException ex)
        {
            throw new FrameExtractionException(FrameFailure.Internal, "The media tools could not be started.", ex, ex.StderrTail);
        }
        catch (FileNotFoundException ex)
        {
            throw new FrameExtractionException(FrameFailure.SourceNotFound, "The source file does not exist.", ex);
        }
        catch (FFProbeProcessException ex)
        {
            var tail = string.Join('\n', ex.StandardError.TakeLast(30));
            var kind = ClassifyFailure(tail);
            var message = kind switch
            {
                FrameFailure.SourceNotFound => "The source file does not exist.",
                FrameFailure.SourceUnreadable => "The source could not be decoded.",
                _ => "Taking the snapshots failed.",
            };
            throw new FrameExtractionException(kind, message, ex, tail);
        }
        catch (Exception ex) when (ex is FFMpegException or System.Text.Json.JsonException)
        {
            throw new FrameExtractionException(FrameFailure.SourceUnreadable, "The source could not be decoded.", ex);
        }
    }
}
