using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using VodSnapshot.Api.Rpc;
using VodSnapshot.Api.Security;
using VodSnapshot.Api.Storage;

namespace VodSnapshot.Api.Hosting;

public static class SecuritySetup
{
    /// <summary>
    /// Security:* options (validated at start; the development key when none is configured), signature v1 and V3
    /// authentication, replay protection and throttling.
    /// </summary>
    public static WebApplicationBuilder AddRpcSecurity(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<SecurityOptions>().BindConfiguration(SecurityOptions.SectionName)
            .PostConfigure(options => options.ApplyDevelopmentKey()).ValidateOnStart();
        services.AddHostedService<DevelopmentKeyNotice>();
        services.AddSingleton<IValidateOptions<SecurityOptions>, SecurityOptionsValidator>();
        // One node keeps nonces in memory; on PostgreSQL every node records them in the shared table.
        services.AddSingleton<NonceRegistry>();
        services.AddSingleton<SharedNonceTable>();
        services.AddSingleton<INonceStore>(sp => sp.GetRequiredService<IOptions<StorageOptions>>().Value.Provider == DatabaseProvider.PostgreSql
            ? sp.GetRequiredService<SharedNonceTable>()
            : sp.GetRequiredService<NonceRegistry>());
        services.AddSingleton<UserRateLimiter>();
        services.AddSingleton<IRpcRequestFilter, RpcAuthenticationFilter>();

        // Kestrel's own request-line cap (8 KiB) would cut long GET calls with a bare 414 before the service could
        // answer in the vendor's envelope; it is raised to just above Security:MaxQueryStringLength.
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<SecurityOptions>>((kestrel, security) =>
            kestrel.Limits.MaxRequestLineSize = Math.Max(kestrel.Limits.MaxRequestLineSize, security.Value.MaxQueryStringLength + 1024));
        return builder;
    }

    /// <summary>The request bounds, in front of the RPC endpoint only: other routes (uploads, images) have their own sizes.</summary>
    public static IApplicationBuilder UseRpcRequestLimits(this IApplicationBuilder app) =>
        app.UseWhen(http => http.Request.Path == "/", branch => branch.UseMiddleware<RpcRequestLimitsMiddleware>());
}
