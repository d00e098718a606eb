using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using VodSnapshot.Api.Features.Oss;
using VodSnapshot.Api.Persistence;

namespace VodSnapshot.Api.Features.Uploads;

/// <summary>
/// Removes what abandoned uploads leave, at start and every <c>Uploads:SweepInterval</c> (on the service's
/// <see cref="TimeProvider"/>): a multipart upload none of whose video's credentials is still valid can never be
/// completed, so its rows and part files go; a part folder of no upload goes; a body nobody has written to for a whole
/// credential lifetime belongs to a request that died. An upload still writable is never touched.
/// </summary>
public sealed partial class StaleUploadSweep(IServiceScopeFactory scopes, OssStorage files, IOptions<UploadOptions> options, TimeProvider clock, ILogger<StaleUploadSweep> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval, clock);
        do
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or DbUpdateException)
            {
                LogSweepFailed(logger, e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One sweep; answers how many uploads, part folders and bodies it removed.</summary>
    public async Task<(int Uploads, int Folders, int Bodies)> SweepAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VodDbContext>();
        var credentials = db.Set<UploadCredential>();
        var stale = await db.Set<OssMultipartUpload>()
            .Where(u => !credentials.Any(c => c.VideoId == u.VideoId && c.ExpireTime > now))
            .Select(u => u.UploadId)
            .ToListAsync(ct);
        foreach (var id in stale)
        {
            // Rows first: a part on its way then finds no upload and keeps nothing.
            await db.Set<OssMultipartUpload>().Where(u => u.UploadId == id).ExecuteDeleteAsync(ct);
            files.DeleteParts(id);
        }

        var live = (await db.Set<OssMultipartUpload>().AsNoTracking().Select(u => u.UploadId).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var orphans = files.PartFolderIds().Where(id => !live.Contains(id)).ToList();
        orphans.ForEach(files.DeleteParts);
        var bodies = files.DeleteIncoming(now - options.Value.CredentialLifetime);
        if (stale.Count + orphans.Count + bodies > 0)
        {
            LogSwept(logger, stale.Count, orphans.Count, bodies);
        }

        return (stale.Count, orphans.Count, bodies);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed {Uploads} expired multipart uploads with their parts, {Folders} part folders of no upload and {Bodies} abandoned bodies")]
    private static partial void LogSwept(ILogger logger, int uploads, int folders, int bodies);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The sweep of abandoned uploads failed; it runs again at the next interval: {Reason}")]
    private static partial void LogSweepFailed(ILogger logger, string reason);
}
