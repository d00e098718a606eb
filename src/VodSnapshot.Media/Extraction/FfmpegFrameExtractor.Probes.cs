using FFMpegCore;
using FFMpegCore.Exceptions;
using VodSnapshot.Media.Ffmpeg;

namespace VodSnapshot.Media.Extraction;

internal sealed partial class FfmpegFrameExtractor
{
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
