using Microsoft.Extensions.Diagnostics.HealthChecks;
using VodSnapshot.Api.Rpc;

namespace VodSnapshot.Api.Hosting.Health;

/// <summary>
/// The body of <c>/healthz</c>, in the shape it has always had: <c>Status</c> (Healthy, Degraded, Unhealthy),
/// <c>Database</c> (ready or unavailable), the <c>Ffmpeg</c> and <c>Ffprobe</c> versions, <c>Disk</c> and the first
/// <c>Problem</c>, plus every check by name.
/// </summary>
public static class HealthReportJson
{
    public const string Database = "database";
    public const string MediaTools = "ffmpeg";
    public const string Disk = "disk";

    public static Task WriteAsync(HttpContext http, HealthReport report)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(report);
        var database = report.Entries.GetValueOrDefault(Database);
        var tools = report.Entries.GetValueOrDefault(MediaTools);
        var disk = report.Entries.GetValueOrDefault(Disk);
        var body = new
        {
            Status = report.Status.ToString(),
            Database = database.Status == HealthStatus.Healthy ? "ready" : "unavailable",
            Ffmpeg = tools.Data?.GetValueOrDefault(MediaToolsHealthCheck.FfmpegKey) as string,
            Ffprobe = tools.Data?.GetValueOrDefault(MediaToolsHealthCheck.FfprobeKey) as string,
            Disk = new
            {
                Status = disk.Status == HealthStatus.Healthy ? "Ok" : "Low",
                FreeBytes = disk.Data?.GetValueOrDefault(DiskHealthCheck.FreeBytesKey),
                FloorBytes = disk.Data?.GetValueOrDefault(DiskHealthCheck.FloorBytesKey),
            },
            Problem = report.Entries.Values
                .Where(e => e.Status != HealthStatus.Healthy)
                .OrderBy(e => e.Status)
                .Select(e => e.Exception?.Message ?? e.Description)
                .FirstOrDefault(),
            Checks = report.Entries.ToDictionary(e => e.Key, e => new { Status = e.Value.Status.ToString(), e.Value.Description, DurationMs = (long)e.Value.Duration.TotalMilliseconds }),
        };
        return http.Response.WriteAsJsonAsync(body, RpcJson.Options, http.RequestAborted);
    }

    public static Task WriteLiveAsync(HttpContext http, HealthReport report)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(report);
        return http.Response.WriteAsJsonAsync(new { Status = report.Status.ToString() }, RpcJson.Options, http.RequestAborted);
    }
}
