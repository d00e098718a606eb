using Microsoft.Extensions.Options;
using VodSnapshot.Media.Ffmpeg;

namespace VodSnapshot.Api.Hosting.Health;

/// <summary>
/// At start: ffmpeg and ffprobe older than <c>Health:MinimumFfmpegVersion</c> refuse the start, saying which and why
/// (jobs would fail on options an old release lacks). Missing tools only warn: the service still serves what needs
/// none, and <c>/healthz</c> says it is not ready until they are there.
/// </summary>
public sealed partial class FfmpegVersionCheck(FfmpegLocator ffmpeg, IOptions<HealthOptions> options, ILogger<FfmpegVersionCheck> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        FfmpegVersions versions;
        try
        {
            versions = await ffmpeg.GetVersionsAsync(cancellationToken);
        }
        catch (FfmpegUnavailableException e)
        {
            LogUnavailable(logger, e.Message);
            return;
        }

        var minimum = options.Value.Minimum();
        if ((FfmpegVersionRequirement.Problem("ffmpeg", versions.Ffmpeg, minimum) ?? FfmpegVersionRequirement.Problem("ffprobe", versions.Ffprobe, minimum)) is { } problem)
        {
            throw new InvalidOperationException(problem + " Install a newer ffmpeg (Debian 12 ships 5.1) or point Ffmpeg:BinaryFolder at one.");
        }

        LogVersions(logger, versions.Ffmpeg, versions.Ffprobe);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "ffmpeg is not usable yet, snapshot jobs will fail until it is: {Problem}")]
    private static partial void LogUnavailable(ILogger logger, string problem);

    [LoggerMessage(Level = LogLevel.Information, Message = "Using ffmpeg {Ffmpeg} and ffprobe {Ffprobe}")]
    private static partial void LogVersions(ILogger logger, string ffmpeg, string ffprobe);
}
