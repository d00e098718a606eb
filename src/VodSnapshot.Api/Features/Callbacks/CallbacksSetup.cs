using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using VodSnapshot.Api.Features.Faults;
using VodSnapshot.Api.Security;

namespace VodSnapshot.Api.Features.Callbacks;

public static class CallbacksSetup
{
    /// <summary>
    /// Section <c>Callback</c>, the global configuration a new database starts with, the SnapshotComplete deliveries
    /// (staging, rounds of attempts in per-destination lanes, run by the dispatcher rather than on queue workers) and
    /// their HTTP client.
    /// </summary>
    public static WebApplicationBuilder AddCallbacks(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<CallbackOptions>().BindConfiguration(CallbackOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<CallbackJob>();
        services.AddSingleton<CallbackLanes>();
        services.AddSingleton<DeliveryLeases>();
        services.AddSingleton<CallbackDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<CallbackDispatcher>());
        services.AddSingleton<CallbackScheduler>();
        services.AddSingleton<CallbackSender>();
        services.AddSingleton<CallbackUrlPolicy>();
        services.AddHostedService<MessageCallbackSeeder>();
        services.TryAddSingleton<IHostAddressResolver, SystemHostAddressResolver>();
        // Each attempt has its own deadline (Callback:Timeout); redirects are failures, as for the vendor, and every
        // connection goes to addresses checked against Callback:AllowPrivateNetworks when it is opened. Injected
        // faults act in their handler, in front of the connection.
        services.AddHttpClient(CallbackSender.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .UseNetworkAddressPolicy(sp => sp.GetRequiredService<IOptions<CallbackOptions>>().Value.AllowPrivateNetworks, maxRedirects: 0,
                allowLinkLocalAndMetadata: sp => sp.GetRequiredService<IOptions<CallbackOptions>>().Value.AllowLinkLocalAndMetadata)
            .AddHttpMessageHandler<CallbackFaultHandler>();
        return builder;
    }
}
