using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using VodSnapshot.Api.Persistence;

namespace VodSnapshot.Api.Storage;

/// <summary>
/// Serves stored outputs at their URLs. Only names the service writes can match (ids, kind, serial, extension), so
/// no request can reach another file; there is no directory listing.
/// </summary>
public static partial class SnapshotFilesEndpoint
{
    public static IEndpointRouteBuilder MapSnapshotFiles(this IEndpointRouteBuilder app)
    {
        app.MapGet("/{videoId}/snapshots/{kind}/{name}", Serve)
            .WithTags("Images")
            .WithSummary("Serves a stored snapshot, sprite sheet or WebVTT file at the URL handed out for it.");
        return app;
    }

    private static IResult Serve(string videoId, string kind, string name, IOptions<StorageOptions> storage)
    {
        var match = FileName().Match(name);
        if (!Ids.IsValid(videoId) || kind is not ("normal" or "sprite" or "spriteorigin" or "webvtt") || !match.Success || !Ids.IsValid(match.Groups["job"].Value))
        {
            return Results.NotFound();
        }

        var path = Path.Combine(storage.Value.SnapshotsFolder, videoId, "snapshots", kind, name);
        if (!File.Exists(path))
        {
            return Results.NotFound();
        }

        var contentType = match.Groups["ext"].Value switch
        {
            "jpg" => "image/jpeg",
            "vtt" => "text/vtt; charset=utf-8",
            _ => "application/json; charset=utf-8",
        };
        return Results.File(path, contentType, enableRangeProcessing: true);
    }

    [GeneratedRegex("^(?<job>[0-9a-f]{32})-[0-9]{5}\\.(?<ext>jpg|vtt|json)$", RegexOptions.CultureInvariant)]
    private static partial Regex FileName();
}
