namespace VodSnapshot.Api.Storage;

/// <summary>Serves stored outputs at their URLs, as <see cref="SnapshotStore"/> lays them out; there is no directory listing.</summary>
public static class SnapshotFilesEndpoint
{
    public static IEndpointRouteBuilder MapSnapshotFiles(this IEndpointRouteBuilder app)
    {
        app.MapGet("/{videoId}/snapshots/{kind}/{name}", Serve)
            .WithTags("Images")
            .WithSummary("Serves a stored snapshot, sprite sheet or WebVTT file at the URL handed out for it.");
        return app;
    }

    private static IResult Serve(string videoId, string kind, string name, SnapshotStore store) =>
        store.Find(videoId, kind, name) is { } file
            ? Results.File(file.Path, file.ContentType, enableRangeProcessing: true)
            : Results.NotFound();
}
