namespace VodSnapshot.Api.Features.Faults;

public static class FaultsSetup
{
    /// <summary>Section <c>Faults</c> (emulator-only fault injection, off by default) and the hooks jobs and callbacks call.</summary>
    public static WebApplicationBuilder AddFaultInjection(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<FaultOptions>().BindConfiguration(FaultOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<JobFaultHooks>();
        builder.Services.AddTransient<CallbackFaultHandler>();
        return builder;
    }
}
