using Microsoft.EntityFrameworkCore;
using VodSnapshot.Api.Persistence;
using VodSnapshot.Api.Rpc;

namespace VodSnapshot.Api.Features.Callbacks;

/// <summary>
/// <c>GetMessageCallback</c>: the application's configuration as stored (EventTypeList echoed as set, ALL included);
/// HTTP fields for HTTP, MNS fields for MNS; no <c>MessageCallback</c> at all when nothing is configured.
/// </summary>
public sealed class GetMessageCallback(VodDbContext db) : IRpcAction
{
    public string Name => "GetMessageCallback";

    public RpcActionDoc Doc { get; } = new(
        "The global callback configuration of an application; no MessageCallback when none is set.",
        [new("AppId", "string", false, "The application.", Default: Templates.VodTemplates.DefaultAppId)],
        Tag: "Callbacks");

    public async Task<object> ExecuteAsync(RpcRequest request, CancellationToken cancellationToken)
    {
        var appId = MessageCallbackSettings.AppId(request.Get("AppId"));
        var config = await db.MessageCallbacks.AsNoTracking().SingleOrDefaultAsync(c => c.AppId == appId, cancellationToken);
        return config is null ? new { } : (object)new { MessageCallback = Info(config) };
    }

    /// <summary>The answered form, with the SDK model's field names.</summary>
    public static MessageCallbackInfo Info(MessageCallbackConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var http = config.CallbackType == MessageCallbackSettings.Http;
        return new MessageCallbackInfo(
            config.AppId,
            config.CallbackType,
            http ? config.CallbackUrl : null,
            http ? config.AuthSwitch : null,
            http ? config.AuthKey : null,
            config.EventTypeList,
            http ? null : config.MnsEndpoint,
            http ? null : config.MnsQueueName);
    }
}

/// <summary>GetMessageCallbackResponseBody.MessageCallback; absent fields are omitted.</summary>
public sealed record MessageCallbackInfo(
    string AppId,
    string CallbackType,
    string? CallbackURL,
    string? AuthSwitch,
    string? AuthKey,
    string EventTypeList,
    string? MnsEndpoint,
    string? MnsQueueName);
