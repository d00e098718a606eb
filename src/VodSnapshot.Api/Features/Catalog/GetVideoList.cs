using System.Globalization;
using Microsoft.EntityFrameworkCore;
using VodSnapshot.Api.Features.Uploads;
using VodSnapshot.Api.Persistence;
using VodSnapshot.Api.Rpc;

namespace VodSnapshot.Api.Features.Catalog;

/// <summary>
/// <c>GetVideoList</c> (vod-lifecycle §5.2): videos filtered by Status, creation time range, CateId and
/// StorageLocation, sorted by CreationTime, paged; only the first 5,000 matches are reachable (VideoListExceededMax).
/// </summary>
public sealed class GetVideoList(VodDbContext db) : IRpcAction
{
    public const int MaxReachable = 5000;

    public string Name => "GetVideoList";

    public RpcActionDoc Doc { get; } = new(
        "Lists videos by status, creation time, category and storage location, sorted by creation time, in pages.",
        [
            new("Status", "string", false, "Comma-separated statuses, e.g. Normal,UploadSucc; default all."),
            new("StartTime", "string", false, "UTC yyyy-MM-ddTHH:mm:ssZ; creation time at or after it."),
            new("EndTime", "string", false, "UTC yyyy-MM-ddTHH:mm:ssZ; creation time before it; must be after StartTime."),
            new("CateId", "integer", false, "Category id."),
            new("StorageLocation", "string", false, "Storage location (this service has one: local)."),
            new("PageNo", "integer", false, "Page number.", Default: "1", Minimum: 1),
            new("PageSize", "integer", false, "Videos per page.", Default: "10", Minimum: 1, Maximum: 100),
            new("SortBy", "string", false, "CreationTime:Desc or CreationTime:Asc.", Default: "CreationTime:Desc"),
        ],
        Tag: "Media");

    public async Task<object> ExecuteAsync(RpcRequest request, CancellationToken cancellationToken)
    {
        var statuses = StatusList(request.Get("Status"));
        var start = Time(request, "StartTime");
        var end = Time(request, "EndTime");
        if (start is not null && end is not null && end <= start)
        {
            throw RpcErrors.InvalidParameter("EndTime", "It must be later than StartTime.");
        }

        var cateId = request.GetInt64("CateId");
        var storage = VideoFields.Text("StorageLocation", request.Get("StorageLocation"), VideoFields.MaxStorageLocationBytes);
        var pageNo = request.GetInt32("PageNo", 1) ?? 1;
        var pageSize = request.GetInt32("PageSize", 1, 100) ?? 10;
        var ascending = (request.Get("SortBy") ?? "CreationTime:Desc") switch
        {
            "CreationTime:Desc" => false,
            "CreationTime:Asc" => true,
            _ => throw RpcErrors.InvalidParameter("SortBy", "It must be CreationTime:Desc or CreationTime:Asc."),
        };
        if ((long)(pageNo - 1) * pageSize >= MaxReachable)
        {
            throw new RpcException(System.Net.HttpStatusCode.BadRequest, "VideoListExceededMax", "The video list exceeded maximum.");
        }

        var query = db.Videos.AsNoTracking();
        if (statuses is not null)
        {
            query = query.Where(v => statuses.Contains(v.Status));
        }

        if (start is { } from)
        {
            query = query.Where(v => v.CreationTime >= from);
        }

        if (end is { } until)
        {
            query = query.Where(v => v.CreationTime < until);
        }

        if (cateId is { } category)
        {
            query = query.Where(v => v.CateId == category);
        }

        if (storage is not null && storage != VideoListing.StorageLocation)
        {
            query = query.Where(_ => false);
        }

        var total = Math.Min(await query.CountAsync(cancellationToken), MaxReachable);
        var sorted = ascending ? query.OrderBy(v => v.CreationTime).ThenBy(v => v.Id) : query.OrderByDescending(v => v.CreationTime).ThenByDescending(v => v.Id);
        var take = Math.Max(0, Math.Min(pageSize, MaxReachable - ((pageNo - 1) * pageSize)));
        var page = await sorted.Skip((pageNo - 1) * pageSize).Take(take).ToListAsync(cancellationToken);
        return new { Total = total, VideoList = new { Video = page.Select(VideoListing.ForVideoList).ToList() } };
    }

    private static string[]? StatusList(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var values = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return values.Length > 0 && values.All(v => VideoListing.Statuses.Contains(v, StringComparer.Ordinal))
            ? values
            : throw RpcErrors.InvalidParameter("Status", $"It must be a comma-separated list of {string.Join(", ", VideoListing.Statuses)}.");
    }

    public static DateTimeOffset? Time(RpcRequest request, string name)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Get(name) is not { } text ? null
            : DateTimeOffset.TryParseExact(text, "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time
            : throw RpcErrors.InvalidParameter(name, "It must be a UTC time such as 2026-03-01T08:00:00Z.");
    }
}
