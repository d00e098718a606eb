using Microsoft.AspNetCore.StaticFiles;
using VodSnapshot.Api.Persistence;

namespace VodSnapshot.Api.Features.Playback;

/// <summary>
/// <c>GET|HEAD /{VideoId}/play/{VideoId}.{format}</c>: the source of a playable video with HTTP range requests, so a
/// browser's video element can seek (the "CDN" of GetPlayInfo's PlayURL). Only that exact name matches.
/// </summary>
public static class PlaybackFilesEndpoint
{
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    public static IEndpointRouteBuilder MapPlayback(this IEndpointRouteBuilder app)
    {
        app.MapMethods("/{videoId}/play/{name}", ["GET", "HEAD"], ServeAsync)
            .WithTags("Playback")
            .WithSummary("Serves a playable video's source at the PlayURL GetPlayInfo hands out, with range requests.");
        return app;
    }

    private static async Task<IResult> ServeAsync(string videoId, string name, VodDbContext db, CancellationToken ct)
    {
        if (!Ids.IsValid(videoId) || await db.Videos.FindAsync([videoId], ct) is not { } video
            || video.Status != VideoStatus.Normal || video.SourcePath.Length == 0
            || name != $"{video.Id}.{PlaybackStreams.Format(video)}" || !File.Exists(video.SourcePath))
        {
            return Results.NotFound();
        }

        var contentType = ContentTypes.TryGetContentType(name, out var known) ? known : "application/octet-stream";
        return Results.File(video.SourcePath, contentType, lastModified: video.ModificationTime, enableRangeProcessing: true);
    }
}
