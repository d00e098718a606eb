using Microsoft.EntityFrameworkCore;
using VodSnapshot.Api.Features.Oss;
using VodSnapshot.Api.Persistence;

namespace VodSnapshot.Api.Features.Uploads;

/// <summary>
/// The files the upload path keeps for a video outside its source: the parts of its multipart uploads, and an object
/// moved into place by a write whose completion never saved. DeleteVideo removes them with the video (its grant,
/// credentials and uploads go with its row), so nothing of a deleted upload stays on disk.
/// </summary>
public sealed class UploadFiles(VodDbContext db, OssStorage files)
{
    /// <summary>The multipart uploads of the video, read before its rows go.</summary>
    public async Task<IReadOnlyList<string>> UploadIdsAsync(string videoId, CancellationToken ct) =>
        await db.Set<OssMultipartUpload>().AsNoTracking().Where(u => u.VideoId == videoId).Select(u => u.UploadId).ToListAsync(ct);

    /// <summary>Removes the parts of <paramref name="uploadIds"/> and the video's object file, if any.</summary>
    public async Task DeleteAsync(string videoId, IReadOnlyList<string> uploadIds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(uploadIds);
        foreach (var id in uploadIds)
        {
            files.DeleteParts(id);
        }

        if (await db.Set<UploadGrant>().AsNoTracking().SingleOrDefaultAsync(g => g.VideoId == videoId, ct) is { } grant)
        {
            File.Delete(files.SourcePath(grant));
        }
    }
}
