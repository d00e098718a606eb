using Microsoft.Extensions.Options;
using VodSnapshot.Api.Security;

namespace VodSnapshot.Api.Features.Media;

public static class MediaSetup
{
    /// <summary>Media registration: where FileURLs may point, and the client that fetches remote ones.</summary>
    public static WebApplicationBuilder AddMediaRegistry(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<MediaOptions>().BindConfiguration(MediaOptions.SectionName).ValidateOnStart();
        builder.Services.AddOptions<VodOptions>().BindConfiguration(VodOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<MediaSourceResolver>();
        builder.Services.AddScoped<MediaRegistry>();
        builder.Services.AddHttpClient(MediaRegistry.RemoteClient, client => client.Timeout = TimeSpan.FromMinutes(10))
            // Connections go only to the addresses the network policy checked (no DNS rebinding, no private hops).
            .UseNetworkAddressPolicy(
                sp => sp.GetRequiredService<IOptions<MediaOptions>>().Value.AllowPrivateNetworks,
                allowLinkLocalAndMetadata: sp => sp.GetRequiredService<IOptions<MediaOptions>>().Value.AllowLinkLocalAndMetadata);
        return builder;
    }
}
