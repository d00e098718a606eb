using System.Diagnostics;
using FFMpegCore;
using Instances;

namespace VodSnapshot.Media.Ffmpeg;

/// <summary>The two ways an argument list starts: ffmpeg through FFMpegCore's processor, ffprobe through Instances.</summary>
internal sealed partial class FfmpegRunner
{
    private static async Task<int> RunFfmpegAsync(ToolInvocation invocation, FFOptions options, Action<string> onStdout, Action<string> onStderr, CancellationToken stop)
    {
        var result = await ListedArguments.ToProcessor(invocation.Arguments)
            .NotifyOnStandardOutput(onStdout)
            .NotifyOnStandardError(onStderr)
            .CancellableThrough(stop, TimeSpan.Zero)
            .ProcessAsynchronously(throwOnError: false, options, CancellationToken.None);
        return result.ExitCode;
    }

    private static async Task<int> RunFfprobeAsync(ToolInvocation invocation, FFOptions options, Action<string> onStdout, Action<string> onStderr, CancellationToken stop)
    {
        var startInfo = new ProcessStartInfo(GlobalFFOptions.GetFFProbeBinaryPath(options))
        {
            StandardOutputEncoding = options.Encoding,
            StandardErrorEncoding = options.Encoding,
        };
        foreach (var argument in invocation.Arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        var arguments = new ProcessArguments(startInfo);
        arguments.OutputDataReceived += (_, line) => onStdout(line);
        arguments.ErrorDataReceived += (_, line) => onStderr(line);
        using var instance = arguments.Start();
        var result = await instance.WaitForExitAsync(stop);
        return result.ExitCode;
    }
}
