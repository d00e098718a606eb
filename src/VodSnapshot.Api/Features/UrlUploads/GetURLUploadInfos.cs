using Microsoft.EntityFrameworkCore;
using VodSnapshot.Api.Features.Uploads;
using VodSnapshot.Api.Persistence;
using VodSnapshot.Api.Rpc;

namespace VodSnapshot.Api.Features.UrlUploads;

/// <summary>
/// <c>GetURLUploadInfos</c> (vod-lifecycle §4.2): the pull jobs named by JobIds, or else by UploadURLs (all jobs of each
/// URL), at most 10 of either and 100 records; what is not found is listed in NonExists.
/// </summary>
public sealed class GetURLUploadInfos(VodDbContext db) : IRpcAction
{
    public string Name => "GetURLUploadInfos";

    public RpcActionDoc Doc { get; } = new(
        "Returns the status of URL pull jobs by JobIds or, when none are given, by UploadURLs.",
        [
            new("JobIds", "string", false, "Comma-separated, at most 10; wins over UploadURLs."),
            new("UploadURLs", "string", false, "Comma-separated, URL-encoded, at most 10."),
        ],
        Tag: "Uploads");

    public async Task<object> ExecuteAsync(RpcRequest request, CancellationToken cancellationToken)
    {
        var byJob = request.Get("JobIds") is not null;
        var text = request.Get("JobIds") ?? request.Get("UploadURLs") ?? throw RpcErrors.MissingParameter("JobIds");
        var keys = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(k => byJob ? k : Uri.UnescapeDataString(k)).Distinct(StringComparer.Ordinal).ToList();
        if (keys.Count is 0 or > 10 || keys.Any(k => k.Length > (byJob ? VideoFields.MaxIdBytes : VideoFields.MaxSourceUrlBytes)))
        {
            throw RpcErrors.InvalidParameter(byJob ? "JobIds" : "UploadURLs", "Give 1 to 10 comma-separated values.");
        }

        var jobs = db.Set<UrlUploadJob>().AsNoTracking();
        var found = byJob
            ? await jobs.Where(j => keys.Contains(j.JobId)).ToListAsync(cancellationToken)
            : await jobs.Where(j => keys.Contains(j.UploadUrl)).ToListAsync(cancellationToken);
        var infos = found.OrderBy(j => j.CreationTime).Take(100).Select(j => new
        {
            j.JobId,
            UploadURL = j.UploadUrl,
            MediaId = j.VideoId,
            j.Status,
            CreationTime = VendorTime.Format(j.CreationTime),
            CompleteTime = j.CompleteTime is { } done ? VendorTime.Format(done) : null,
            FileSize = j.FileSize?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            j.UserData,
            j.ErrorCode,
            j.ErrorMessage,
        }).ToList();
        var nonExists = keys.Where(k => !found.Any(j => (byJob ? j.JobId : j.UploadUrl) == k)).ToList();
        return new { URLUploadInfoList = infos, NonExists = nonExists };
    }
}
