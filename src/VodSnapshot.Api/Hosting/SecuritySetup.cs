using Microsoft.Extensions.Options;
using VodSnapshot.Api.Rpc;
using VodSnapshot.Api.Security;

namespace VodSnapshot.Api.Hosting;

public static class SecuritySetup
{
    /// <summary>Security:* options (validated at start), signature v1 authentication, replay protection and throttling.</summary>
    public static WebApplicationBuilder AddRpcSecurity(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<SecurityOptions>().BindConfiguration(SecurityOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SecurityOptions>, SecurityOptionsValidator>();
        services.AddSingleton<NonceRegistry>();
        services.AddSingleton<UserRateLimiter>();
        services.AddSingleton<IRpcRequestFilter, RpcAuthenticationFilter>();
        return builder;
    }
}
