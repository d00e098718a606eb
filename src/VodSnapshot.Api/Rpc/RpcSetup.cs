using VodSnapshot.Api.Features.Callbacks;
using VodSnapshot.Api.Features.Media;
using VodSnapshot.Api.Features.Snapshots;
using VodSnapshot.Api.Features.Templates;

namespace VodSnapshot.Api.Rpc;

public static class RpcSetup
{
    /// <summary>The dispatch table: one line per supported action.</summary>
    public static WebApplicationBuilder AddRpcActions(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<RpcDispatcher>();

        services.AddRpcAction<RegisterMedia>();
        services.AddRpcAction<GetVideoInfo>();
        services.AddRpcAction<CreateAudit>();
        services.AddRpcAction<DeleteVideo>();
        services.AddRpcAction<SubmitSnapshotJob>();
        services.AddRpcAction<ListSnapshots>();
        services.AddRpcAction<AddVodTemplate>();
        services.AddRpcAction<UpdateVodTemplate>();
        services.AddRpcAction<GetVodTemplate>();
        services.AddRpcAction<ListVodTemplate>();
        services.AddRpcAction<DeleteVodTemplate>();
        services.AddRpcAction<SetDefaultVodTemplate>();
        services.AddRpcAction<SetMessageCallback>();
        services.AddRpcAction<GetMessageCallback>();
        services.AddRpcAction<DeleteMessageCallback>();
        return builder;
    }
}
