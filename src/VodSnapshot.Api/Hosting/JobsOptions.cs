using System.ComponentModel.DataAnnotations;

namespace VodSnapshot.Api.Hosting;

/// <summary>Section <c>Jobs</c>: how much media work runs at once, how long ffmpeg may take, and the dashboard.</summary>
public sealed class JobsOptions
{
    public const string SectionName = "Jobs";

    /// <summary>Media jobs running at once; the rest queue. Default: the number of cores.</summary>
    [Range(1, 256)]
    public int MaxConcurrency { get; set; } = Environment.ProcessorCount;

    /// <summary>Callback deliveries running at once, on their own workers so a slow receiver never blocks media work.</summary>
    [Range(1, 256)]
    public int CallbackConcurrency { get; set; } = 4;

    /// <summary>
    /// An ffmpeg run of a job that shows no progress for this long is killed and the job fails with SnapshotTimeOut.
    /// Another name for <c>Ffmpeg:StallTimeout</c> (default 60 s), which it overrides when set: there is one watchdog.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "1.00:00:00", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true)]
    public TimeSpan? StallTimeout { get; set; }

    /// <summary>
    /// The overall limit of one ffmpeg run; past it the run is killed and the job fails with SnapshotTimeOut.
    /// Another name for <c>Ffmpeg:ProcessTimeout</c> (default 10 min), which it overrides when set.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true)]
    public TimeSpan? ProcessTimeout { get; set; }

    /// <summary>Whether the Hangfire dashboard at <c>/hangfire</c> only shows (no requeue, delete or trigger buttons).</summary>
    public bool DashboardReadOnly { get; set; } = true;
}
