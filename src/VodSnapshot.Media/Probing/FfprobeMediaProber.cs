using System.Globalization;
using Microsoft.Extensions.Options;
using VodSnapshot.Media.Ffmpeg;

namespace VodSnapshot.Media.Probing;

/// <summary>Probes with one ffprobe run: container, first real video stream, and the packets of its first seconds.</summary>
internal sealed class FfprobeMediaProber(FfmpegRunner runner, IOptions<FfmpegOptions> options) : IMediaProber
{
    public async Task<MediaProbe> ProbeAsync(string path, CancellationToken cancellationToken)
    {
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            throw new MediaProbeException("The file does not exist.");
        }

        string[] arguments =
        [
            "-hide_banner", "-v", "error",
            "-print_format", "json",
            "-show_format", "-show_streams",
            "-select_streams", FfprobeReport.VideoStreamSpecifier,
            "-show_entries", "packet=pts_time,flags",
            "-read_intervals", "%+" + FfprobeReport.PacketWindow.TotalSeconds.ToString(CultureInfo.InvariantCulture),
            "-i", file.FullName,
        ];

        ToolRun run;
        var limit = options.Value.ProbeTimeout;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(limit);
        try
        {
            run = await runner.RunAsync(new ToolInvocation(MediaTool.Ffprobe, arguments, Decodes: false, CaptureStdout: true), timeout.Token);
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

        if (run.ExitCode != 0)
        {
            throw new MediaProbeException("The file is not a media file that can be read.", toolOutput: run.StderrTail);
        }

        return FfprobeReport.Parse(run.Stdout, file.Length);
    }
}
