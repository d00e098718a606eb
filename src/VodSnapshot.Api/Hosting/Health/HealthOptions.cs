using System.ComponentModel.DataAnnotations;

namespace VodSnapshot.Api.Hosting.Health;

/// <summary>The <c>Health</c> section.</summary>
public sealed class HealthOptions : IValidatableObject
{
    public const string SectionName = "Health";

    /// <summary>
    /// The oldest ffmpeg/ffprobe release the engine works with (5.1: the first with <c>-fps_mode</c>). An older one
    /// refuses the start, and makes <c>/healthz</c> unhealthy if it appears later.
    /// </summary>
    public string MinimumFfmpegVersion { get; set; } = "5.1";

    /// <summary>The minimum as a version (valid once the options are validated).</summary>
    public Version Minimum() => Version.Parse(MinimumFfmpegVersion);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Version.TryParse(MinimumFfmpegVersion, out _))
        {
            yield return new ValidationResult($"Health:MinimumFfmpegVersion must be a version such as 5.1, not '{MinimumFfmpegVersion}'.", [nameof(MinimumFfmpegVersion)]);
        }
    }
}
