using VodSnapshot.Api.Persistence;
using VodSnapshot.Api.Rpc;

namespace VodSnapshot.Api.Features.Templates;

/// <summary>
/// <c>DeleteVodTemplate</c>: removes a template, seeded ones too. Jobs already submitted with it are not
/// affected (they were resolved at submit time); later submits naming it answer <c>NoSuchResource</c>.
/// </summary>
public sealed class DeleteVodTemplate(VodDbContext db) : IRpcAction
{
    public string Name => "DeleteVodTemplate";

    public RpcActionDoc Doc { get; } = new(
        "Deletes a template.",
        [new("VodTemplateId", "string", true, "The template's id.")],
        Tag: "Templates");

    public async Task<object> ExecuteAsync(RpcRequest request, CancellationToken cancellationToken)
    {
        var template = await db.FindTemplateAsync(request.Require("VodTemplateId"), "VodTemplateId", cancellationToken);
        db.VodTemplates.Remove(template);
        await db.SaveChangesAsync(cancellationToken);
        return new { VodTemplateId = template.Id };
    }
}
