using System.Globalization;
using FFMpegCore;
using FFMpegCore.Exceptions;
using Microsoft.Extensions.Options;
using VodSnapshot.Media.Ffmpeg;

namespace VodSnapshot.Media.Probing;

/// <summary>
/// Probes with one <see cref="FFProbe.AnalyseAsync(string, FFOptions?, string?, CancellationToken)"/> run: container, first
/// real video stream, and the packets of its first seconds. The report is read by <see cref="FfprobeReport"/> from the
/// analysis' JSON rather than from FFMpegCore's model, which lacks what the engine needs: the stream time base (for the
/// constant-rate check), the packets, and which stream ffprobe selected with <c>V:0</c> (its primary stream may be cover art).
/// </summary>
internal sealed class FfprobeMediaProber(FfmpegRunner runner, IOptions<FfmpegOptions> options) : IMediaProber
{
    public async Task<MediaProbe> ProbeAsync(string path, CancellationToken cancellationToken)
    {
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            throw new MediaProbeException("The file does not exist.");
        }

        if (!FfprobeReport.CanBeNamed(file.FullName))
        {
            throw new MediaProbeException("The file name holds a double quote or ends in a backslash, which the media tools cannot be given.");
        }

        // After FFProbe's own -show_format -show_streams: only the first real video stream, and its packets' times and flags.
        var arguments = string.Join(' ',
            "-select_streams", FfprobeReport.VideoStreamSpecifier,
            "-show_entries", "packet=pts_time,flags",
            "-read_intervals", "%+" + FfprobeReport.PacketWindow.TotalSeconds.ToString(CultureInfo.InvariantCulture));

        IMediaAnalysis analysis;
        var limit = options.Value.ProbeTimeout;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(limit);
        try
        {
            analysis = await runner.ProbeAsync((ffOptions, stop) => FFProbe.AnalyseAsync(file.FullName, ffOptions, arguments, stop), timeout.Token);
        }
        catch (ToolRunException ex)
        {
            throw new MediaProbeException($"The file could not be probed: {ex.Message}", ex, ex.StderrTail);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new MediaProbeException(
                string.Create(CultureInfo.InvariantCulture, $"The file could not be probed within {limit.TotalSeconds:0.###} s (Ffmpeg:ProbeTimeout)."), ex);
        }
        catch (FileNotFoundException ex)
        {
            throw new MediaProbeException("The file does not exist.", ex);
        }
        catch (FFProbeProcessException ex)
        {
            throw new MediaProbeException("The file is not a media file that can be read.", ex, string.Join('\n', ex.StandardError.TakeLast(30)));
        }
        catch (Exception ex) when (ex is FFMpegException or System.Text.Json.JsonException or FormatException or OverflowException)
        {
            // A report FFMpegCore's model could not take (no container section, or a value it cannot parse).
            throw new MediaProbeException("The file is not a media file.", ex);
        }

        return FfprobeReport.Parse(analysis.Json, file.Length);
    }
}
