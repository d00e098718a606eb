using VodSnapshot.Api.Persistence;
using VodSnapshot.Api.Rpc;
using VodSnapshot.Media.Ffmpeg;

namespace VodSnapshot.Api.Hosting;

/// <summary>
/// <c>GET /healthz</c>: 200 once the database answers and ffmpeg and ffprobe run (with their versions), 503 otherwise,
/// with what is wrong. Both are checked on every call, so the answer is never stale.
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

    private static async Task<IResult> CheckAsync(VodDbContext db, FfmpegLocator ffmpeg, CancellationToken ct)
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

        var healthy = database == "ready" && versions is not null;
        return Results.Json(
            new { Status = healthy ? "Healthy" : "Unhealthy", Database = database, Ffmpeg = versions?.Ffmpeg, Ffprobe = versions?.Ffprobe, Problem = problem },
            RpcJson.Options,
            statusCode: healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }
}
