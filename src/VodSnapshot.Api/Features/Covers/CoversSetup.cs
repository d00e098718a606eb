namespace VodSnapshot.Api.Features.Covers;

public static class CoversSetup
{
    /// <summary>Section <c>Covers</c> (on by default) and the staging of cover jobs.</summary>
    public static WebApplicationBuilder AddCovers(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<CoverOptions>().BindConfiguration(CoverOptions.SectionName).ValidateOnStart();
        builder.Services.AddScoped<CoverSnapshots>();
        return builder;
    }
}
