using VodSnapshot.Api.Persistence;
using VodSnapshot.Api.Rpc;
using VodSnapshot.Api.Storage;
using VodSnapshot.Media.Ffmpeg;

namespace VodSnapshot.Api.Hosting;

/// <summary>
/// <c>GET /healthz</c>: 200 once the database answers and ffmpeg and ffprobe run (with their versions), 503 otherwise,
/// with what is wrong; <c>Degraded</c> (still 200: reads and deletes work) while the state folder's free space is below
/// <c>Storage:MinFreeBytes</c>, when new jobs are refused. Everything is checked on every call, so the answer is never stale.
/// </summary>
public static class HealthEndpoint
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", CheckAsync)
            .WithTags("Service")
            .WithSummary("Readiness: database and ffmpeg/ffprobe.");
        return app;
    }

    private static async Task<IResult> CheckAsync(VodDbContext db, FfmpegLocator ffmpeg, DiskSpace disk, CancellationToken ct)
    {
        var database = await db.Database.CanConnectAsync(ct) ? "ready" : "unavailable";
        FfmpegVersions? versions = null;
        string? problem = null;
        try
        {
            versions = await ffmpeg.GetVersionsAsync(ct);
        }
        catch (FfmpegUnavailableException e)
        {
            problem = e.Message;
        }

        var space = disk.Check();
        var healthy = database == "ready" && versions is not null;
        var status = !healthy ? "Unhealthy" : space.IsLow ? "Degraded" : "Healthy";
        return Results.Json(
            new
            {
                Status = status,
                Database = database,
                Ffmpeg = versions?.Ffmpeg,
                Ffprobe = versions?.Ffprobe,
                Disk = new { Status = space.IsLow ? "Low" : "Ok", space.FreeBytes, space.FloorBytes },
                Problem = problem ?? space.Refusal,
            },
            RpcJson.Options,
            statusCode: healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }
}
