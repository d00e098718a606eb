using Microsoft.Extensions.Options;
using VodSnapshot.Api.Features.Snapshots.Planning;
using VodSnapshot.Api.Persistence;
using VodSnapshot.Api.Rpc;

namespace VodSnapshot.Api.Features.Templates;

/// <summary>
/// <c>AddVodTemplate</c>: stores a snapshot template after checking its TemplateConfig fully, so a job that
/// uses it never fails on the configuration. Nothing is stored when any parameter is refused.
/// </summary>
public sealed class AddVodTemplate(VodDbContext db, IOptions<SnapshotOptions> options, TimeProvider clock) : IRpcAction
{
    public string Name => "AddVodTemplate";

    public RpcActionDoc Doc { get; } = new(
        "Adds a snapshot template; SubmitSnapshotJob with SnapshotTemplateId then uses its SnapshotConfig.",
        [
            new("Name", "string", true, "The template's name, at most 128 bytes of UTF-8."),
            new("TemplateType", "string", true, "Snapshot (the only type supported).", Example: VodTemplates.SnapshotTemplateType),
            new(SnapshotTemplateConfig.ParameterName, "string", true,
                "JSON {SnapshotType: NormalSnapshot|SpriteSnapshot|WebVttSnapshot, SnapshotConfig: {FrameType, Count, Interval, SpecifiedOffsetTime, Width, Height, SpriteSnapshotConfig, Format, SubOut}}; values may be numbers or strings.",
                Example: """{"SnapshotType":"SpriteSnapshot","SnapshotConfig":{"FrameType":"normal","Count":"100","Interval":"0","Width":"640","SpriteSnapshotConfig":{"CellWidth":"160","Columns":"10","Lines":"10"}}}"""),
            new("AppId", "string", false, "The application the template belongs to.", Default: VodTemplates.DefaultAppId),
            new("SubTemplateType", "string", false, "Accepted and ignored (legacy models); Get and List answer the TemplateConfig's SnapshotType in its place."),
        ],
        Tag: "Templates");

    public async Task<object> ExecuteAsync(RpcRequest request, CancellationToken cancellationToken)
    {
        var name = VodTemplates.Name(request.Require("Name"));
        var type = VodTemplates.TemplateType(request.Require("TemplateType"));
        VodTemplates.CheckSubTemplateType(request.Get("SubTemplateType"));
        var json = request.Require(SnapshotTemplateConfig.ParameterName);
        SnapshotTemplateConfig.Parse(json).CheckLimits(options.Value);
        var appId = VodTemplates.AppId(request.Get("AppId"));

        var now = clock.GetUtcNow();
        var template = new VodTemplate
        {
            Id = Ids.New(),
            Name = name,
            TemplateType = type,
            TemplateConfig = json,
            AppId = appId,
            Source = VodTemplates.CustomSource,
            CreationTime = now,
            ModifyTime = now,
        };
        db.VodTemplates.Add(template);
        await db.SaveChangesAsync(cancellationToken);
        return new { VodTemplateId = template.Id };
    }
}
