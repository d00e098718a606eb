using VodSnapshot.Api.Persistence;
using VodSnapshot.Api.Rpc;

namespace VodSnapshot.Api.Features.Templates;

/// <summary><c>GetVodTemplate</c>: one template, its TemplateConfig as the JSON string it was stored as.</summary>
public sealed class GetVodTemplate(VodDbContext db) : IRpcAction
{
    public string Name => "GetVodTemplate";

    public RpcActionDoc Doc { get; } = new(
        "Answers one template.",
        [new("VodTemplateId", "string", true, "The template's id.")],
        Tag: "Templates");

    public async Task<object> ExecuteAsync(RpcRequest request, CancellationToken cancellationToken)
    {
        var template = await db.FindTemplateAsync(request.Require("VodTemplateId"), "VodTemplateId", cancellationToken);
        return new { VodTemplateInfo = VodTemplates.Info(template) };
    }
}
