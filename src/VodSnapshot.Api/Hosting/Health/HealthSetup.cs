using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace VodSnapshot.Api.Hosting.Health;

public static class HealthSetup
{
    /// <summary>The readiness checks (database, ffmpeg and ffprobe with their minimum version, disk) and the version check at start.</summary>
    public static WebApplicationBuilder AddHealth(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<HealthOptions>().BindConfiguration(HealthOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>(HealthReportJson.Database)
            .AddCheck<MediaToolsHealthCheck>(HealthReportJson.MediaTools)
            .AddCheck<DiskHealthCheck>(HealthReportJson.Disk);
        builder.Services.AddHostedService<FfmpegVersionCheck>();
        return builder;
    }

    /// <summary>
    /// <c>GET /healthz</c>: readiness, every check on every call (so the answer is never stale): 200 Healthy once the
    /// database answers and ffmpeg and ffprobe run at or above <c>Health:MinimumFfmpegVersion</c>, 503 Unhealthy otherwise
    /// with what is wrong; Degraded (still 200: reads and deletes work) while the state folder's free space is below
    /// <c>Storage:MinFreeBytes</c>, when new jobs are refused. <c>GET /healthz/live</c>: liveness, 200 while the process
    /// answers at all, whatever its parts.
    /// </summary>
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/healthz", new HealthCheckOptions { ResponseWriter = HealthReportJson.WriteAsync })
            .WithTags("Service")
            .WithSummary("Readiness: database, ffmpeg/ffprobe and their version, free disk space.");
        app.MapHealthChecks("/healthz/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = HealthReportJson.WriteLiveAsync })
            .WithTags("Service")
            .WithSummary("Liveness: the process answers.");
        return app;
    }
}
