using Microsoft.Extensions.Options;

namespace VodSnapshot.Api.Features.Console;

public static class ConsoleSetup
{
    /// <summary>Section <c>Console</c> (validated at start), the console's access rule and its files.</summary>
    public static WebApplicationBuilder AddConsole(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ConsoleOptions>().BindConfiguration(ConsoleOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ConsoleOptions>, ConsoleOptionsValidator>();
        builder.Services.AddSingleton<ConsoleMode>();
        builder.Services.AddSingleton(ConsoleFiles.Load());
        return builder;
    }
}
