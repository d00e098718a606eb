using System.ComponentModel.DataAnnotations;

namespace VodSnapshot.Api.Hosting;

/// <summary>Where Hangfire keeps its queues.</summary>
public enum JobQueueStorage
{
    /// <summary>In this process's memory: one node; start-up queues again what the database holds unfinished.</summary>
    InMemory,

    /// <summary>In the PostgreSQL database of <c>ConnectionStrings:Vod</c>, schema <see cref="JobsOptions.Schema"/>: shared by all nodes.</summary>
    PostgreSql,
}

/// <summary>Section <c>Jobs</c>: where the queues live, how much work runs at once, and the dashboard. ffmpeg's time limits are <c>Ffmpeg:*</c>.</summary>
public sealed class JobsOptions
{
    public const string SectionName = "Jobs";

    /// <summary>Where Hangfire keeps its queues: in memory (default) or in PostgreSQL.</summary>
    public JobQueueStorage Storage { get; set; } = JobQueueStorage.InMemory;

    /// <summary>The PostgreSQL schema of Hangfire's tables, apart from the service's own.</summary>
    [RegularExpression("^[a-z_][a-z0-9_]{0,62}$")]
    public string Schema { get; set; } = "hangfire";

    /// <summary>How long a job fetched from PostgreSQL stays invisible to other nodes without a heartbeat (sliding).</summary>
    [Range(typeof(TimeSpan), "00:00:10", "01:00:00")]
    public TimeSpan InvisibilityTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a run holds its job without renewing (it renews a third of this apart); a dead node's jobs are taken over after it.</summary>
    [Range(typeof(TimeSpan), "00:00:03", "00:10:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often every node looks for jobs whose lease expired, to queue them again. Default: half a lease.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan? SweepInterval { get; set; }

    /// <summary>How often idle workers look for queued jobs in PostgreSQL (on top of notifications).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:00:15")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

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
