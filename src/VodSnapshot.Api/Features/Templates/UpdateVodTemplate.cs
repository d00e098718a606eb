using Microsoft.Extensions.Options;
using VodSnapshot.Api.Features.Snapshots.Planning;
using VodSnapshot.Api.Persistence;
using VodSnapshot.Api.Rpc;

namespace VodSnapshot.Api.Features.Templates;

/// <summary>
/// <c>UpdateVodTemplate</c>: replaces the Name and/or the whole TemplateConfig, checked as fully as at
/// AddVodTemplate; nothing changes when either is refused. Jobs submitted earlier keep the configuration they were
/// resolved with.
/// </summary>
public sealed class UpdateVodTemplate(VodDbContext db, IOptions<SnapshotOptions> options, TimeProvider clock) : IRpcAction
{
    public string Name => "UpdateVodTemplate";

    public RpcActionDoc Doc { get; } = new(
        "Changes a template's Name and/or replaces its TemplateConfig.",
        [
            new("VodTemplateId", "string", true, "The template's id."),
            new("Name", "string", false, "A new name, at most 128 bytes of UTF-8."),
            new(SnapshotTemplateConfig.ParameterName, "string", false, "A new TemplateConfig, replacing the old one whole."),
            new("SubTemplateType", "string", false, "Accepted and ignored (legacy models)."),
        ],
        Tag: "Templates");

    public async Task<object> ExecuteAsync(RpcRequest request, CancellationToken cancellationToken)
    {
        var id = request.Require("VodTemplateId");
        var name = request.Get("Name") is { } given ? VodTemplates.Name(given) : null;
        VodTemplates.CheckSubTemplateType(request.Get("SubTemplateType"));
        var json = request.Get(SnapshotTemplateConfig.ParameterName);
        if (json is not null)
        {
            SnapshotTemplateConfig.Parse(json).CheckLimits(options.Value);
        }

        var template = await db.FindTemplateAsync(id, "VodTemplateId", cancellationToken);
        if (name is null && json is null)
        {
            // Nothing to change: the vendor makes both optional, so this is not an error, and not a modification either.
            return new { VodTemplateId = template.Id };
        }

        template.Name = name ?? template.Name;
        template.TemplateConfig = json ?? template.TemplateConfig;
        template.ModifyTime = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return new { VodTemplateId = template.Id };
    }
}
