using System.Text.Json;
using VodSnapshot.Api.Persistence;
using VodSnapshot.Api.Rpc;

namespace VodSnapshot.Api.Features.Media;

/// <summary>
/// <c>CreateAudit</c>: moves videos to <c>Blocked</c> or <c>Normal</c>. All items are checked before any is
/// applied; a video that never became playable cannot be audited.
/// </summary>
public sealed class CreateAudit(VodDbContext db, TimeProvider clock) : IRpcAction
{
    private const string Parameter = "AuditContent";

    public string Name => "CreateAudit";

    public RpcActionDoc Doc { get; } = new(
        "Sets the audit result of videos: Blocked or Normal.",
        [new(Parameter, "string", true, "JSON array (at most 20) of {VideoId, Status: Blocked|Normal, Reason? (≤128 bytes), Comment? (≤400 bytes)}.",
            Example: """[{"VideoId":"<VideoId>","Status":"Blocked"}]""")],
        Tag: "Media");

    public async Task<object> ExecuteAsync(RpcRequest request, CancellationToken cancellationToken)
    {
        using var document = RpcJsonInput.Parse(request.Require(Parameter), Parameter);
        if (document.RootElement.ValueKind != JsonValueKind.Array || document.RootElement.GetArrayLength() is 0 or > 20)
        {
            throw RpcErrors.InvalidParameter(Parameter, "It must be a JSON array of 1 to 20 items.");
        }

        var changes = new List<(Video Video, string Status)>();
        foreach (var item in document.RootElement.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object)
            {
                throw RpcErrors.InvalidParameter(Parameter, "Each item must be a JSON object.");
            }

            var status = RpcJsonInput.RequiredString(item, "Status", Parameter, 16);
            // Not stored, but bounded as the vendor bounds them, so no field of the call is unlimited.
            RpcJsonInput.OptionalString(item, "Reason", Parameter, 128);
            RpcJsonInput.OptionalString(item, "Comment", Parameter, 400);
            if (status is not (VideoStatus.Blocked or VideoStatus.Normal))
            {
                throw RpcErrors.InvalidParameter(Parameter, "Status must be Blocked or Normal.");
            }

            var video = await db.FindVideoAsync(RpcJsonInput.RequiredString(item, "VideoId", Parameter, 64), cancellationToken);
            if (video.Status is VideoStatus.UploadFail or VideoStatus.Uploading)
            {
                throw RpcErrors.IllegalStatus();
            }

            changes.Add((video, status));
        }

        var now = clock.GetUtcNow();
        foreach (var (video, status) in changes)
        {
            video.Status = status;
            video.AuditStatus = status;
            video.ModificationTime = now;
        }

        await db.SaveChangesAsync(cancellationToken);
        return new { };
    }
}
