using VodSnapshot.Api.Persistence;
using VodSnapshot.Api.Rpc;

namespace VodSnapshot.Api.Features.Callbacks;

/// <summary>
/// <c>SetMessageCallback</c>: replaces the global event-notification configuration of an application (default
/// app-1000000) with the request; a missing EventTypeList stores "" (every event disabled), as the vendor documents.
/// Every parameter is checked before anything is stored.
/// </summary>
public sealed class SetMessageCallback(VodDbContext db, CallbackUrlPolicy urls, TimeProvider clock) : IRpcAction
{
    public string Name => "SetMessageCallback";

    public RpcActionDoc Doc { get; } = new(
        "Sets the global callback: where events go (HTTP URL or MNS queue), which events, and how HTTP callbacks are signed.",
        [
            new("CallbackType", "string", false, "HTTP or MNS.", Default: MessageCallbackSettings.Http),
            new("CallbackURL", "string", false, "HTTP only and then required: http or https, at most 256 bytes.", Example: "http://127.0.0.1:9000/callback"),
            new("EventTypeList", "string", false, "Comma-separated event names, or ALL; absent disables every event.", Example: MessageCallbackSettings.AllEvents),
            new("AuthSwitch", "string", false, "HTTP only: on signs every callback (X-VOD-TIMESTAMP, X-VOD-SIGNATURE) with AuthKey.", Default: MessageCallbackSettings.Off),
            new("AuthKey", "string", false, "HTTP only: at most 32 characters with upper-case and lower-case letters and digits; required when AuthSwitch is on.", Example: "MyCallbackKey123"),
            new("MnsEndpoint", "string", false, "MNS only: the queue service's public endpoint."),
            new("MnsQueueName", "string", false, "MNS only and then required: the queue's name."),
            new("AppId", "string", false, "The application configured.", Default: Templates.VodTemplates.DefaultAppId),
        ],
        Tag: "Callbacks");

    public async Task<object> ExecuteAsync(RpcRequest request, CancellationToken cancellationToken)
    {
        var type = MessageCallbackSettings.CallbackType(request.Get("CallbackType"));
        var events = MessageCallbackSettings.EventTypeList(request.Get("EventTypeList"));
        var appId = MessageCallbackSettings.AppId(request.Get("AppId"));
        var config = new MessageCallbackConfig
        {
            AppId = appId,
            CallbackType = type,
            EventTypeList = events,
            Source = Name,
            ModifyTime = clock.GetUtcNow(),
        };
        if (type == MessageCallbackSettings.Http)
        {
            var url = request.Require("CallbackURL");
            await urls.CheckAsync(url, "CallbackURL", cancellationToken, parameterName: "CallbackURL");
            config.CallbackUrl = url;
            config.AuthSwitch = MessageCallbackSettings.AuthSwitch(request.Get("AuthSwitch"));
            if (request.Get("AuthKey") is { } key)
            {
                config.AuthKey = MessageCallbackSettings.AuthKeyProblem(key) is { } problem ? throw RpcErrors.InvalidParameter("AuthKey", problem) : key;
            }
            else if (config.AuthSwitch == MessageCallbackSettings.On)
            {
                throw RpcErrors.MissingParameter("AuthKey");
            }
        }
        else
        {
            config.MnsQueueName = MessageCallbackSettings.MnsQueueName(request.Require("MnsQueueName"));
            config.MnsEndpoint = request.Get("MnsEndpoint") is { } endpoint ? MessageCallbackSettings.MnsEndpoint(endpoint) : null;
        }

        if (await db.MessageCallbacks.FindAsync([appId], cancellationToken) is { } old)
        {
            db.MessageCallbacks.Remove(old);
        }

        db.MessageCallbacks.Add(config);
        await db.SaveChangesAsync(cancellationToken);
        return new { };
    }
}
