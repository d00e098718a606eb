using System.ComponentModel.DataAnnotations;

namespace VodSnapshot.Api.Hosting;

/// <summary>Section <c>Jobs</c>: how much work runs at once, and the dashboard. ffmpeg's time limits are <c>Ffmpeg:*</c>.</summary>
public sealed class JobsOptions
{
    public const string SectionName = "Jobs";

    /// <summary>Media jobs running at once; the rest queue. Default: the number of cores.</summary>
    [Range(1, 256)]
    public int MaxConcurrency { get; set; } = Environment.ProcessorCount;

    /// <summary>
    /// Callback attempts in flight at once to one destination (scheme, host and port). Destinations have a limit each
    /// and never wait for one another, and deliveries never use media workers.
    /// </summary>
    [Range(1, 256)]
    public int CallbackConcurrency { get; set; } = 4;

    /// <summary>Whether the Hangfire dashboard at <c>/hangfire</c> only shows (no requeue, delete or trigger buttons).</summary>
    public bool DashboardReadOnly { get; set; } = true;
}
