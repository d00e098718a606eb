using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using VodSnapshot.Api.Features.Covers;
using VodSnapshot.Api.Persistence;
using VodSnapshot.Api.Storage;
using VodSnapshot.Media.Probing;

namespace VodSnapshot.Api.Features.Media;

/// <summary>What a caller says about a file it registers (one RegisterMetadatas item).</summary>
/// <param name="UserData">The registration's UserData as given.</param>
/// <param name="CallbackUrl">The callback URL read from <paramref name="UserData"/>, or null.</param>
public sealed record MediaMetadata(string FileUrl, string Title, string? Description, string? Tags, long? CateId, string? CoverUrl, string? UserData, string? CallbackUrl = null);

/// <summary>
/// Registers media: resolves the FileURL, fetches remote files into storage, probes the file synchronously and stores
/// the video with <c>UploadSucc</c> (playable video, its cover job staged in the same save) or <c>UploadFail</c>
/// (unreadable or audio-only).
/// The same file again answers the existing video: local FileURLs are compared by the real path they name (so
/// <c>/./</c>, <c>//</c>, <c>%6d</c> or a symbolic link do not make a second video), and calls that race to register
/// the same new file all answer the one video the first of them stored.
/// </summary>
public sealed partial class MediaRegistry(
    VodDbContext db,
    MediaSourceResolver resolver,
    IMediaProber prober,
    IHttpClientFactory httpClients,
    IOptions<StorageOptions> storage,
    IOptions<MediaOptions> media,
    SnapshotStore store,
    CoverSnapshots covers,
    TimeProvider clock,
    ILogger<MediaRegistry> logger)
{
    public const string RemoteClient = "remote-media";

    /// <summary>Checks a FileURL without touching anything, so a call can be refused before any item is stored.</summary>
    public MediaSource Check(string fileUrl, string parameterName) => resolver.Resolve(fileUrl, parameterName);

    /// <param name="requestBase">The base URI of the request that registers it (the base of its cover URLs), or null.</param>
    /// <returns>
    /// The video and whether this call created it; null when the file cannot be had at all (a local file that is not
    /// there, a remote one that cannot be fetched), which the vendor reports as a failed FileURL.
    /// </returns>
    public async Task<(Video Video, bool IsNew)?> RegisterAsync(MediaMetadata metadata, MediaSource source, Uri? requestBase, CancellationToken ct)
    {
        var key = source.Key;
        var existing = await db.Videos.SingleOrDefaultAsync(v => v.FileUrl == key, ct);
        if (existing is not null)
        {
            return (existing, false);
        }

        if (source is MediaSource.Local { Path: var path } && !File.Exists(path))
        {
            return null;
        }

        var id = Ids.New();
        var now = clock.GetUtcNow();
        var video = new Video
        {
            Id = id,
            FileUrl = key,
            SourcePath = source is MediaSource.Local local ? local.Path : string.Empty,
            Title = metadata.Title,
            Description = metadata.Description,
            Tags = metadata.Tags,
            CateId = metadata.CateId,
            CoverUrl = metadata.CoverUrl,
            UserData = metadata.UserData,
            CallbackUrl = metadata.CallbackUrl,
            Status = VideoStatus.UploadFail,
            CreationTime = now,
            ModificationTime = now,
        };

        if (source is MediaSource.Remote remote)
        {
            try
            {
                video.SourcePath = await DownloadAsync(remote.Url, id, ct);
            }
            catch (Exception e) when (e is HttpRequestException or InvalidDataException or IOException)
            {
                LogUnreachable(logger, metadata.FileUrl, e.Message);
                return null;
            }
        }

        try
        {
            Apply(video, await prober.ProbeAsync(video.SourcePath, ct));
        }
        catch (Exception e) when (e is MediaProbeException or IOException)
        {
            // Still registered, so callers can exercise the status rules with a file that cannot be played.
            video.ProbeError = e.Message;
            LogUnreadable(logger, metadata.FileUrl, e.Message);
        }

        db.Videos.Add(video);
        var cover = await covers.StageAsync(db, video, requestBase, ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another call stored the same file first (the FileURL index is unique): answer its video.
            if (cover is not null)
            {
                db.Entry(cover).State = EntityState.Detached;
            }

            if (await FindRacedAsync(video, ct) is { } winner)
            {
                return (winner, false);
            }

            throw;
        }

        await covers.EnqueueAsync(cover);
        return (video, true);
    }

    /// <summary>The video another call stored for the same file while this one probed, after undoing this one's work.</summary>
    private async Task<Video?> FindRacedAsync(Video lost, CancellationToken ct)
    {
        db.Entry(lost).State = EntityState.Detached;
        var winner = await db.Videos.AsNoTracking().SingleOrDefaultAsync(v => v.FileUrl == lost.FileUrl, ct);
        if (winner is not null && lost.SourcePath.Length > 0 && IsOwned(lost.SourcePath) && lost.SourcePath != winner.SourcePath)
        {
            File.Delete(lost.SourcePath);
        }

        return winner;
    }

    /// <summary>
    /// Removes every file the service stored for a video (never the caller's own media), then its rows. Files first:
    /// deleting them frees space, so a video can be deleted even while the database cannot grow (a full disk); a
    /// delete cut short in between leaves a row whose files are gone, and deleting it again finishes.
    /// </summary>
    public async Task DeleteAsync(Video video, CancellationToken ct)
    {
        DeleteOwnedFiles(video);
        db.Videos.Remove(video);
        await db.SaveChangesAsync(ct);
    }

    private void DeleteOwnedFiles(Video video)
    {
        store.DeleteVideo(video.Id);

        // Uploaded and downloaded sources belong to the service; files under media roots belong to the user.
        if (video.SourcePath.Length > 0 && IsOwned(video.SourcePath) && File.Exists(video.SourcePath))
        {
            File.Delete(video.SourcePath);
        }
    }

    private bool IsOwned(string path) =>
        RealPath.IsUnder(path, RealPath.Resolve(storage.Value.UploadsFolder)) || RealPath.IsUnder(path, RealPath.Resolve(RemoteFolder));

    private string RemoteFolder => Path.Combine(storage.Value.FullRoot, "remote");

    public static void Apply(Video video, MediaProbe probe)
    {
        video.Probe = probe;
        if (probe.HasVideo)
        {
            video.Status = VideoStatus.UploadSucc;
        }
        else
        {
            video.ProbeError = "The file has no video stream.";
        }
    }

    private async Task<string> DownloadAsync(Uri url, string videoId, CancellationToken ct)
    {
        Directory.CreateDirectory(RemoteFolder);
        var target = Path.Combine(RemoteFolder, videoId + SafeExtension(url.AbsolutePath));
        var partial = target + ".part";
        var client = httpClients.CreateClient(RemoteClient);
        using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, ct);
        response.EnsureSuccessStatusCode();
        var limit = media.Value.MaxFileBytes;
        if (response.Content.Headers.ContentLength > limit)
        {
            throw new InvalidDataException("The remote file is larger than Media:MaxFileBytes.");
        }

        try
        {
            await using (var input = await response.Content.ReadAsStreamAsync(ct))
            await using (var output = File.Create(partial))
            {
                await CopyBoundedAsync(input, output, limit, ct);
            }

            File.Move(partial, target, overwrite: true);
            return target;
        }
        finally
        {
            File.Delete(partial);
        }
    }

    /// <summary>Copies at most <paramref name="limit"/> bytes; a longer stream is refused rather than cut.</summary>
    public static async Task CopyBoundedAsync(Stream input, Stream output, long limit, CancellationToken ct)
    {
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await input.ReadAsync(buffer, ct)) > 0)
        {
            total += read;
            if (total > limit)
            {
                throw new InvalidDataException("The file is larger than Media:MaxFileBytes.");
            }

            await output.WriteAsync(buffer.AsMemory(0, read), ct);
        }
    }

    /// <summary>Keeps a short alphanumeric extension (ffprobe uses it as a hint), never anything path-like.</summary>
    public static string SafeExtension(string name)
    {
        var extension = Path.GetExtension(name);
        return extension.Length is > 1 and <= 8 && extension.Skip(1).All(char.IsAsciiLetterOrDigit) ? extension.ToLowerInvariant() : ".bin";
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not fetch {FileUrl}: {Reason}")]
    private static partial void LogUnreachable(ILogger logger, string fileUrl, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Registered {FileUrl} as UploadFail: {Reason}")]
    private static partial void LogUnreadable(ILogger logger, string fileUrl, string reason);
}
