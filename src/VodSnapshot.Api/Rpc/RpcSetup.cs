using VodSnapshot.Api.Features.Catalog;
using VodSnapshot.Api.Features.Callbacks;
using VodSnapshot.Api.Features.Media;
using VodSnapshot.Api.Features.Playback;
using VodSnapshot.Api.Features.Snapshots;
using VodSnapshot.Api.Features.Templates;
using VodSnapshot.Api.Features.Uploads;
using VodSnapshot.Api.Features.UrlUploads;

namespace VodSnapshot.Api.Rpc;

public static class RpcSetup
{
    /// <summary>The dispatch table: one line per supported action.</summary>
    public static WebApplicationBuilder AddRpcActions(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<RpcDispatcher>();
        // Registered before the security filters, so text is checked before a signature is computed over it.
        services.AddSingleton<IRpcRequestFilter, RpcTextFilter>();

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
        services.AddRpcAction<CreateUploadVideo>();
        services.AddRpcAction<RefreshUploadVideo>();
        services.AddRpcAction<GetPlayInfo>();
        services.AddRpcAction<GetVideoPlayAuth>();
        services.AddRpcAction<UpdateVideoInfo>();
        services.AddRpcAction<GetVideoList>();
        services.AddRpcAction<SearchMedia>();
        services.AddRpcAction<UploadMediaByURL>();
        services.AddRpcAction<GetURLUploadInfos>();
        services.AddRpcAction<SetDefaultVodTemplate>();
        services.AddRpcAction<SetMessageCallback>();
        services.AddRpcAction<GetMessageCallback>();
        services.AddRpcAction<DeleteMessageCallback>();
        return builder;
    }
}
