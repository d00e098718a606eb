using System.Globalization;

namespace VodSnapshot.Media.Ffmpeg;

/// <param name="Ffmpeg">ffmpeg's version string, e.g. "5.1.6-0+deb12u1".</param>
/// <param name="Ffprobe">ffprobe's version string.</param>
public sealed record FfmpegVersions(string Ffmpeg, string Ffprobe);

/// <summary>ffmpeg or ffprobe is missing or does not run.</summary>
public sealed class FfmpegUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Finds out whether the configured ffmpeg and ffprobe run, for health checks and start-up logs.</summary>
public sealed class FfmpegLocator
{
    private readonly FfmpegRunner _runner;

    internal FfmpegLocator(FfmpegRunner runner) => _runner = runner;

    /// <summary>The ffmpeg binary that is run: a bare name (looked up on PATH) or a path under the configured folder.</summary>
    public string FfmpegPath => _runner.FfmpegPath;

    public string FfprobePath => _runner.FfprobePath;

    /// <summary>Runs <c>ffmpeg -version</c> and <c>ffprobe -version</c>. Throws <see cref="FfmpegUnavailableException"/> when either fails.</summary>
    public async Task<FfmpegVersions> GetVersionsAsync(CancellationToken cancellationToken)
    {
        var ffmpeg = await VersionOfAsync(MediaTool.Ffmpeg, cancellationToken);
        var ffprobe = await VersionOfAsync(MediaTool.Ffprobe, cancellationToken);
        return new FfmpegVersions(ffmpeg, ffprobe);
    }

    /// <summary>Reads the version from the first line of <c>-version</c> output ("ffmpeg version 5.1.6-0+deb12u1 Copyright …").</summary>
    internal static string? ParseVersion(string output)
    {
        var firstLine = output.AsSpan().TrimStart();
        var end = firstLine.IndexOfAny('\r', '\n');
        if (end >= 0)
        {
            firstLine = firstLine[..end];
        }

        var marker = firstLine.IndexOf(" version ", StringComparison.Ordinal);
        if (marker < 0)
        {
            return null;
        }

        var rest = firstLine[(marker + " version ".Length)..].TrimStart();
        var space = rest.IndexOf(' ');
        var version = (space < 0 ? rest : rest[..space]).ToString();
        return version.Length == 0 ? null : version;
    }

    private async Task<string> VersionOfAsync(MediaTool tool, CancellationToken cancellationToken)
    {
        var name = tool == MediaTool.Ffmpeg ? "ffmpeg" : "ffprobe";
        ToolRun run;
        try
        {
            run = await _runner.RunAsync(new ToolInvocation(tool, ["-hide_banner", "-version"], Decodes: false, CaptureStdout: true), cancellationToken);
        }
        catch (ToolRunException ex)
        {
            throw new FfmpegUnavailableException($"{name} could not be run: {ex.Message}", ex);
        }

        var version = ParseVersion(run.Stdout);
        if (run.ExitCode != 0 || version is null)
        {
            throw new FfmpegUnavailableException(string.Create(CultureInfo.InvariantCulture, $"{name} did not report a version (exit code {run.ExitCode})."));
        }

        return version;
    }
}
