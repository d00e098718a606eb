using VodSnapshot.Api.Persistence;
using VodSnapshot.Api.Rpc;

namespace VodSnapshot.Api.Features.Media;

/// <summary><c>DeleteVideo</c>: removes videos, their jobs and every file stored for them.</summary>
public sealed class DeleteVideo(VodDbContext db, MediaRegistry registry) : IRpcAction
{
    private const string Parameter = "VideoIds";
    private const int MaxIdLength = 64;

    public string Name => "DeleteVideo";

    public RpcActionDoc Doc { get; } = new(
        "Deletes videos with their snapshot jobs and images.",
        [new(Parameter, "string", true, "Comma-separated video ids, at most 20.")],
        Tag: "Media");

    public async Task<object> ExecuteAsync(RpcRequest request, CancellationToken cancellationToken)
    {
        var ids = request.Require(Parameter).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Distinct(StringComparer.Ordinal).ToList();
        if (ids.Count is 0 or > 20)
        {
            throw RpcErrors.InvalidParameter(Parameter, "It must list 1 to 20 video ids.");
        }

        if (ids.Any(id => id.Length > MaxIdLength))
        {
            // Unknown ids are answered back in NonExistVideoIds, so each is bounded like the vendor's.
            throw RpcErrors.InvalidParameter(Parameter, "Each video id must be at most 64 characters.");
        }

        var missing = new List<string>();
        foreach (var id in ids)
        {
            if (Ids.IsValid(id) && await db.Videos.FindAsync([id], cancellationToken) is { } video)
            {
                await registry.DeleteAsync(video, cancellationToken);
            }
            else
            {
                missing.Add(id);
            }
        }

        return new { NonExistVideoIds = missing, ForbiddenVideoIds = Array.Empty<string>() };
    }
}
