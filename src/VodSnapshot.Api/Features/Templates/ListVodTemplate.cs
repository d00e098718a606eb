using Microsoft.EntityFrameworkCore;
using VodSnapshot.Api.Persistence;
using VodSnapshot.Api.Rpc;

namespace VodSnapshot.Api.Features.Templates;

/// <summary>
/// <c>ListVodTemplate</c>: every template of one application, oldest first, as a plain
/// <c>VodTemplateInfoList</c> array (not wrapped, unlike ListSnapshots). Without AppId, the default application's.
/// </summary>
public sealed class ListVodTemplate(VodDbContext db) : IRpcAction
{
    public string Name => "ListVodTemplate";

    public RpcActionDoc Doc { get; } = new(
        "Lists the templates of one application.",
        [
            new("TemplateType", "string", true, "Snapshot.", Example: VodTemplates.SnapshotTemplateType),
            new("AppId", "string", false, "The application whose templates are listed.", Default: VodTemplates.DefaultAppId),
        ],
        Tag: "Templates");

    public async Task<object> ExecuteAsync(RpcRequest request, CancellationToken cancellationToken)
    {
        var type = VodTemplates.TemplateType(request.Require("TemplateType"));
        var appId = VodTemplates.AppId(request.Get("AppId"));
        var templates = await db.VodTemplates.AsNoTracking()
            .Where(t => t.AppId == appId && t.TemplateType == type)
            .OrderBy(t => t.CreationTime)
            .ThenBy(t => t.Id)
            .ToListAsync(cancellationToken);
        return new { VodTemplateInfoList = templates.Select(VodTemplates.Info).ToList() };
    }
}
