using System.ComponentModel.DataAnnotations;

namespace VodSnapshot.Media;

/// <summary>How the media engine runs ffmpeg and ffprobe. Bound from the <c>Ffmpeg</c> configuration section.</summary>
public sealed class FfmpegOptions : IValidatableObject
{
    public const string SectionName = "Ffmpeg";

    /// <summary>Folder holding the ffmpeg and ffprobe binaries; null or empty means "find them on PATH".</summary>
    public string? BinaryFolder { get; set; }

    /// <summary>Longest time one ffmpeg or ffprobe run may take before it is killed.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true)]
    public TimeSpan ProcessTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// A run that shows no progress (no new log line, no new frame written) for this long is killed:
    /// a source on a stalled network share or a pipe nobody writes to would otherwise hold a slot until <see cref="ProcessTimeout"/>.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "1.00:00:00", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true)]
    public TimeSpan StallTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Longest time one ffprobe run of a registration may take. A probe reads a few seconds of packets, so it is short
    /// on its own: a caller waits for it, and a source that cannot be read quickly is registered as UploadFail.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true)]
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Most ffmpeg decoding processes running at once, over all jobs.</summary>
    [Range(1, 256)]
    public int MaxConcurrentProcesses { get; set; } = Environment.ProcessorCount;

    /// <summary>
    /// Folder where each running ffmpeg and ffprobe is recorded (pid and start time), so that a start after a crash ends any
    /// that outlived the service; null or empty keeps no records. The service puts it in its state folder.
    /// </summary>
    public string? ProcessRecordFolder { get; set; }

    /// <summary>
    /// Scheduling niceness of every ffmpeg and ffprobe (0 to 19, Linux): above 0 the media work yields the CPU to the
    /// RPC surface, so a backlog of jobs does not slow the answers, while a machine with spare cores runs both at full
    /// speed. 0 runs the tools at the service's own priority.
    /// </summary>
    [Range(0, 19)]
    public int Niceness { get; set; } = 10;

    /// <summary>JPEG quality on the usual 1–100 scale, for ffmpeg output and composed sprites alike. 90 matches ffmpeg's <c>-q:v 2</c>.</summary>
    [Range(1, 100)]
    public int JpegQuality { get; set; } = 90;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(BinaryFolder) && !Directory.Exists(BinaryFolder))
        {
            yield return new ValidationResult($"The folder \"{BinaryFolder}\" does not exist.", [nameof(BinaryFolder)]);
        }

        if (StallTimeout > ProcessTimeout)
        {
            yield return new ValidationResult("StallTimeout must not be longer than ProcessTimeout.", [nameof(StallTimeout), nameof(ProcessTimeout)]);
        }
    }

    /// <summary>
    /// ffmpeg's mjpeg <c>-q:v</c> scales the standard JPEG tables by q/8, while libjpeg-style quality Q scales them by
    /// (200 − 2Q)% above 50 and 5000/Q % below; equating the two maps Q=90 to q=2, Q=50 to q=8.
    /// </summary>
    internal static int ToFfmpegQScale(int quality)
    {
        var percent = quality >= 50 ? 200.0 - (2.0 * quality) : 5000.0 / quality;
        return Math.Clamp((int)Math.Round(percent * 8.0 / 100.0, MidpointRounding.AwayFromZero), 1, 31);
    }
}
