using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using VodSnapshot.Api.Features.Uploads;
using VodSnapshot.Api.Persistence;
using VodSnapshot.Api.Rpc;

namespace VodSnapshot.Api.Features.Catalog;

/// <summary>
/// <c>SearchMedia</c> (vod-lifecycle §5.3) for the documented basics: SearchType video (the other types have no media
/// here, so they find nothing), the Match subset of <see cref="MediaMatch"/>, SortBy on CreationTime or
/// ModificationTime, paging; ScrollToken is answered and accepted back.
/// </summary>
public sealed class SearchMedia(VodDbContext db) : IRpcAction
{
    public string Name => "SearchMedia";

    public RpcActionDoc Doc { get; } = new(
        "Searches media by a Match expression (basic subset), sorted and paged.",
        [
            new("SearchType", "string", false, "video, audio, image or attached.", Default: "video"),
            new("Match", "string", false, "e.g. Title = 'holiday' and Status in ('Normal','UploadSucc') and CreationTime = ['2026-01-01T00:00:00Z','']"),
            new("Fields", "string", false, "Accepted; every basic field is returned."),
            new("SortBy", "string", false, "CreationTime:Desc, CreationTime:Asc, ModificationTime:Desc or ModificationTime:Asc.", Default: "CreationTime:Desc"),
            new("PageNo", "integer", false, "Page number.", Default: "1", Minimum: 1),
            new("PageSize", "integer", false, "Media per page.", Default: "10", Minimum: 1, Maximum: 100),
            new("ScrollToken", "string", false, "The token of the previous answer (32 characters)."),
        ],
        Tag: "Media");

    public async Task<object> ExecuteAsync(RpcRequest request, CancellationToken cancellationToken)
    {
        VideoFields.Text("Fields", request.Get("Fields"), VideoFields.MaxFieldListBytes);
        var type = request.Get("SearchType") ?? "video";
        if (type is not ("video" or "audio" or "image" or "attached"))
        {
            throw RpcErrors.InvalidParameter("SearchType", "It must be video, audio, image or attached.");
        }

        var filter = request.Get("Match") is { } match ? MediaMatch.Parse(match) : (_ => true);
        Func<Video, long> key;
        bool ascending;
        switch (request.Get("SortBy") ?? "CreationTime:Desc")
        {
            case "CreationTime:Desc": (key, ascending) = (v => v.CreationTime.UtcTicks, false); break;
            case "CreationTime:Asc": (key, ascending) = (v => v.CreationTime.UtcTicks, true); break;
            case "ModificationTime:Desc": (key, ascending) = (v => v.ModificationTime.UtcTicks, false); break;
            case "ModificationTime:Asc": (key, ascending) = (v => v.ModificationTime.UtcTicks, true); break;
            default: throw RpcErrors.InvalidParameter("SortBy", "It must be CreationTime or ModificationTime, then :Desc or :Asc.");
        }

        var pageNo = request.GetInt32("PageNo", 1) ?? 1;
        var pageSize = request.GetInt32("PageSize", 1, 100) ?? 10;
        if (request.Get("ScrollToken") is { Length: not 32 })
        {
            throw new RpcException(System.Net.HttpStatusCode.BadRequest, "InvalidScrollToken.Expired", "The specified ScrollToken is expired or invalid.");
        }

        var videos = type == "video" ? await db.Videos.AsNoTracking().ToListAsync(cancellationToken) : [];
        var matching = videos.Where(filter);
        var sorted = (ascending ? matching.OrderBy(key).ThenBy(v => v.Id, StringComparer.Ordinal) : matching.OrderByDescending(key).ThenByDescending(v => v.Id, StringComparer.Ordinal)).ToList();
        var page = sorted.Skip((int)Math.Min(int.MaxValue, (long)(pageNo - 1) * pageSize)).Take(pageSize);
        return new
        {
            Total = (long)sorted.Count,
            ScrollToken = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
            MediaList = page.Select(VideoListing.ForSearch).ToList(),
        };
    }
}
