using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using VodSnapshot.Media.Ffmpeg;

namespace VodSnapshot.Api.Hosting.Health;

/// <summary>Ready while ffmpeg and ffprobe run and are at least <c>Health:MinimumFfmpegVersion</c>; their versions in the data.</summary>
public sealed class MediaToolsHealthCheck(FfmpegLocator ffmpeg, IOptions<HealthOptions> options) : IHealthCheck
{
    public const string FfmpegKey = "ffmpeg";
    public const string FfprobeKey = "ffprobe";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        FfmpegVersions versions;
        try
        {
            versions = await ffmpeg.GetVersionsAsync(cancellationToken);
        }
        catch (FfmpegUnavailableException e)
        {
            return HealthCheckResult.Unhealthy(e.Message);
        }

        var data = new Dictionary<string, object> { [FfmpegKey] = versions.Ffmpeg, [FfprobeKey] = versions.Ffprobe };
        var minimum = options.Value.Minimum();
        var problem = FfmpegVersionRequirement.Problem("ffmpeg", versions.Ffmpeg, minimum)
            ?? FfmpegVersionRequirement.Problem("ffprobe", versions.Ffprobe, minimum);
        return problem is null ? HealthCheckResult.Healthy("ready", data) : HealthCheckResult.Unhealthy(problem, data: data);
    }
}
