using Microsoft.EntityFrameworkCore;
using VodSnapshot.Api.Persistence;
using VodSnapshot.Api.Rpc;

namespace VodSnapshot.Api.Features.Callbacks;

/// <summary>
/// <c>DeleteMessageCallback</c>: removes the application's configuration; afterwards no event is sent, neither to the
/// global URL nor to UserData URLs (unless Callback:VendorUserDataRule is off). Deleting what is not set succeeds.
/// </summary>
public sealed class DeleteMessageCallback(VodDbContext db) : IRpcAction
{
    public string Name => "DeleteMessageCallback";

    public RpcActionDoc Doc { get; } = new(
        "Removes the global callback configuration of an application.",
        [new("AppId", "string", false, "The application.", Default: Templates.VodTemplates.DefaultAppId)],
        Tag: "Callbacks");

    public async Task<object> ExecuteAsync(RpcRequest request, CancellationToken cancellationToken)
    {
        var appId = MessageCallbackSettings.AppId(request.Get("AppId"));
        await db.MessageCallbacks.Where(c => c.AppId == appId).ExecuteDeleteAsync(cancellationToken);
        return new { };
    }
}
