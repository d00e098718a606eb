namespace VodSnapshot.Media.Ffmpeg;

internal enum MediaTool
{
    Ffmpeg,
    Ffprobe,
}

/// <summary>One run of ffmpeg or ffprobe.</summary>
/// <param name="Tool">Which binary.</param>
/// <param name="Arguments">Passed as a list, never through a shell.</param>
/// <param name="Decodes">
/// True for runs that decode video: they take one of the <see cref="FfmpegOptions.MaxConcurrentProcesses"/> slots.
/// Probes only demux, so they skip the queue rather than wait behind long extractions.
/// </param>
/// <param name="CaptureStdout">
/// Keep stdout (ffprobe reports, version banners). Otherwise stdout carries ffmpeg's <c>-progress</c> lines, which only feed the watchdog.
/// </param>
/// <param name="OnStderrLine">Sees every stderr line; returning true keeps the line out of the error tail.</param>
internal sealed record ToolInvocation(
    MediaTool Tool,
    IReadOnlyList<string> Arguments,
    bool Decodes,
    bool CaptureStdout = false,
    Func<string, bool>? OnStderrLine = null);

/// <param name="ExitCode">The process exit code.</param>
/// <param name="Stdout">Everything written to stdout when <see cref="ToolInvocation.CaptureStdout"/> is set, else empty.</param>
/// <param name="StderrTail">The last stderr lines, for logs and diagnostics only.</param>
internal sealed record ToolRun(int ExitCode, string Stdout, string StderrTail);

internal enum ToolFailure
{
    NotStarted,
    TimedOut,
    Stalled,
}

/// <summary>A run that never finished on its own: not started, timed out or stalled. A non-zero exit is not an exception.</summary>
internal sealed class ToolRunException(ToolFailure failure, string message, string stderrTail, Exception? inner = null) : Exception(message, inner)
{
    public ToolFailure Failure { get; } = failure;

    public string StderrTail { get; } = stderrTail;
}
