using Microsoft.EntityFrameworkCore;
using VodSnapshot.Api.Persistence;
using VodSnapshot.Api.Rpc;

namespace VodSnapshot.Api.Features.Templates;

/// <summary>
/// <c>SetDefaultVodTemplate</c> (in the generated Java, Go and C++ models, not in the API reference): makes the template
/// <c>IsDefault: Default</c> and every other template of its application and TemplateType <c>NotDefault</c>, in one
/// save. An unknown id answers <c>NoSuchResource</c> and changes nothing.
/// </summary>
public sealed class SetDefaultVodTemplate(VodDbContext db, TimeProvider clock) : IRpcAction
{
    public string Name => "SetDefaultVodTemplate";

    public RpcActionDoc Doc { get; } = new(
        "Makes a template the default one of its application and type.",
        [new("VodTemplateId", "string", true, "The template's id.")],
        Tag: "Templates");

    public async Task<object> ExecuteAsync(RpcRequest request, CancellationToken cancellationToken)
    {
        var template = await db.FindTemplateAsync(request.Require("VodTemplateId"), "VodTemplateId", cancellationToken);
        var now = clock.GetUtcNow();
        var others = await db.VodTemplates
            .Where(t => t.AppId == template.AppId && t.TemplateType == template.TemplateType && t.IsDefault && t.Id != template.Id)
            .ToListAsync(cancellationToken);
        foreach (var other in others)
        {
            other.IsDefault = false;
            other.ModifyTime = now;
        }

        if (!template.IsDefault)
        {
            template.IsDefault = true;
            template.ModifyTime = now;
        }

        await db.SaveChangesAsync(cancellationToken);
        return new { VodTemplateId = template.Id };
    }
}
