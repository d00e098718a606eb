using Microsoft.Extensions.Options;
using VodSnapshot.Api.Features.Catalog;
using VodSnapshot.Api.Features.Media;
using VodSnapshot.Api.Features.Playback;
using VodSnapshot.Api.Features.Snapshots;
using VodSnapshot.Api.Features.Templates;
using VodSnapshot.Api.Features.Uploads;
using VodSnapshot.Api.Features.UrlUploads;
using VodSnapshot.Api.Rpc;
using VodSnapshot.Api.Security;

namespace VodSnapshot.Api.Hosting;

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
        services.AddRpcAction<CreateUploadVideo>();
        services.AddRpcAction<RefreshUploadVideo>();
        services.AddRpcAction<GetPlayInfo>();
        services.AddRpcAction<GetVideoPlayAuth>();
        services.AddRpcAction<UpdateVideoInfo>();
        services.AddRpcAction<GetVideoList>();
        services.AddRpcAction<SearchMedia>();
        services.AddRpcAction<UploadMediaByURL>();
        services.AddRpcAction<GetURLUploadInfos>();
        return builder;
    }

    /// <summary>Media registration: where FileURLs may point, and the client that fetches remote ones.</summary>
    public static WebApplicationBuilder AddMediaRegistry(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<MediaOptions>().BindConfiguration(MediaOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<MediaSourceResolver>();
        builder.Services.AddScoped<MediaRegistry>();
        builder.Services.AddHttpClient(MediaRegistry.RemoteClient, client => client.Timeout = TimeSpan.FromMinutes(10))
            // Connections go only to the addresses the network policy checked (no DNS rebinding, no private hops).
            .UseNetworkAddressPolicy(sp => sp.GetRequiredService<IOptions<MediaOptions>>().Value.AllowPrivateNetworks);
        return builder;
    }
}
